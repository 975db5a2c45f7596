// Swagger UI from the vendored bundle (the default FastAPI /docs page loads it from a CDN).
(function () {
  "use strict";
  var el = document.getElementById("swagger");
  if (!el || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({ url: el.getAttribute("data-url"), dom_id: "#swagger", deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis], layout: "BaseLayout", validatorUrl: null });
})();
