"""The facade on disk: ingest, idempotence, replace, remove, a killed ingest, the demo corpus and the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from test_kg_fixture import SCHOOLS, compilation_document, make_document, school_report_text

from junheng.cli import main
from junheng.corpus import Corpus
from kg.store import graph_names

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "corpus"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def write_inputs(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(len(SCHOOLS)):
        make_document(i, folder)
    compilation_document(folder)


def fact_count(c: Corpus) -> int:
    return int(next(iter(c.sparql("SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a jh:Fact }")))[0])


def test_reingest_is_idempotent_and_changes_replace_exactly_one_graph(tmp_path):
    src = tmp_path / "in"
    write_inputs(src)
    with Corpus(tmp_path / "data") as c:
        first = c.ingest([src], progress=False)
        assert len(first.ok) == 6 and not first.failed
        n_quads = len(c.ds)
        graphs = set(graph_names(c.ds))
        facts = fact_count(c)
        again = c.ingest([src], progress=False)
        assert again.ok == [] and len(again.skipped) == 6
        assert len(c.ds) == n_quads and set(graph_names(c.ds)) == graphs
        # change one file: only its graph changes
        f = src / "school1.txt"
        f.write_text(f.read_text(encoding="utf-8").replace("在校学生310人", "在校学生320人"), encoding="utf-8")
        changed = c.ingest([src], progress=False)
        assert changed.ok == [str(f.resolve())] and len(changed.skipped) == 5
        assert fact_count(c) == facts
        assert c.rows("evidence_mismatches") == []
        values = {r["quote"] for r in c.rows("export_facts")}
        assert "在校学生320人" in values and "在校学生310人" not in values
        assert set(graph_names(c.ds)) == graphs  # same document IRI -> same graph name
        # remove
        assert c.remove(str(f))
        assert str(f.resolve()) not in c.manifest["files"]
        assert fact_count(c) < facts
        assert not c.remove(str(f))


def test_manifest_layout_and_originals(tmp_path):
    src = tmp_path / "in"
    write_inputs(src)
    with Corpus(tmp_path / "data") as c:
        c.ingest([src], progress=False)
    manifest = json.loads((tmp_path / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["base"] == "http://localhost:8000/id/"
    entry = manifest["files"][str((src / "compilation.txt").resolve())]
    assert set(entry) >= {"sha256", "graph", "source", "format", "reports", "ingested_at"}
    assert len(entry["reports"]) == 2
    assert (tmp_path / "data" / "originals" / f"{entry['sha256']}.txt").exists()


def test_bad_files_are_reported_and_do_not_stop_the_batch(tmp_path):
    src = tmp_path / "in"
    write_inputs(src)
    (src / "empty.txt").write_bytes(b"")
    (src / "fake.pdf").write_bytes(b"not a pdf at all")
    with Corpus(tmp_path / "data") as c:
        s = c.ingest([src, tmp_path / "missing.txt"], progress=False)
    assert len(s.ok) == 6
    failed = dict(s.failed)
    assert str((src / "empty.txt").resolve()) in failed and str(tmp_path / "missing.txt") in failed
    assert all(reason for reason in failed.values())


KILL_SCRIPT = """
import sys
from junheng.corpus import Corpus
Corpus.COMMIT_FILES = 3  # commit points every few files, so the kill lands between and inside them
with Corpus(sys.argv[1]) as c:
    c.ingest([sys.argv[2]], progress=False)
"""


def test_killed_ingest_leaves_a_readable_consistent_corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for k in range(120):
        name, level, students, teaching, books, equipment, sports, problem = SCHOOLS[k % len(SCHOOLS)]
        name = name.replace("武功县", f"武功县第{k}学区")
        (src / f"r{k:03d}.txt").write_text(
            school_report_text(name, students + k, teaching, books, equipment, sports, problem), encoding="utf-8")
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(data), str(src)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    manifest = data / "manifest.json"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if manifest.exists():
            try:
                if len(json.loads(manifest.read_text(encoding="utf-8"))["files"]) >= 5:
                    break
            except (json.JSONDecodeError, KeyError):
                pass
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    assert 0 < len(done) < 120, "the ingest should have been killed half-way"
    with Corpus(data) as c:  # opens, recovers derived results, answers queries
        stored = set(graph_names(c.ds))
        assert all(e["graph"] in stored for e in done.values())
        assert c.rows("evidence_mismatches") == []
        from ingest.pipeline import read_document

        for path, e in done.items():  # every committed document is complete
            expected = sum(len(r.facts) for r in read_document(path).reports)
            facts = c.sparql(f"SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ GRAPH <{e['graph']}> {{ ?f a jh:Fact }} }}")
            assert int(next(iter(facts))[0]) == expected > 0
        assert c.compliance()["schools"]
        rest = c.ingest([src], progress=False)
        assert len(rest.ok) + len(rest.skipped) == 120 and not rest.failed
        assert len(c.manifest["files"]) == 120


CRASH_AFTER_STORE_SCRIPT = """
import os, sys
from junheng.corpus import Corpus
from ingest.pipeline import read_document
c = Corpus(sys.argv[1])
c._batching = True  # as inside ingest(): index writes gathered, manifest not yet saved
c.store_document(read_document(sys.argv[2]))
c._batch.commit()  # the passages reached the index, the manifest never did
os._exit(0)  # the process dies here
"""


def test_files_stored_after_the_last_commit_point_are_dropped_on_open(tmp_path):
    """A crash after a file's graph (and even its passages) were written but before the
    manifest listed it: the next open drops both, and ingesting again stores it."""
    src = tmp_path / "in"
    write_inputs(src)
    files = sorted(src.iterdir())
    data = tmp_path / "data"
    with Corpus(data) as c:
        c.ingest(files[:-1], progress=False)
        listed = dict(c.manifest["files"])
        facts_before = fact_count(c)
    from ingest.pipeline import read_document

    doc = read_document(files[-1])
    school = doc.reports[0].school.name
    assert school
    proc = subprocess.run([sys.executable, "-c", CRASH_AFTER_STORE_SCRIPT, str(data), str(files[-1])], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr

    with Corpus(data) as c:
        assert c.manifest["files"].keys() == listed.keys()
        assert str(c.iris.document(doc.path)) not in graph_names(c.ds)
        assert doc.path not in c._search_index().document_paths()
        assert fact_count(c) == facts_before
        assert all(h["school"] != school for h in c.search(school)["hits"])
        again = c.ingest(files, progress=False)
        assert again.ok == [doc.path]
        assert str(c.iris.document(doc.path)) in graph_names(c.ds)
        assert any(h["school"] == school for h in c.search(school)["hits"])


def test_read_only_open_while_a_writer_holds_the_store(tmp_path):
    src = tmp_path / "in"
    write_inputs(src)
    with Corpus(tmp_path / "data") as writer:
        writer.ingest([src], progress=False)
        with Corpus(tmp_path / "data", read_only=True) as reader:
            assert len(reader.schools()) >= 5
            with pytest.raises(PermissionError):
                reader.remove(str(src / "school0.txt"))


def test_cli_ingest_sparql_export_compliance(tmp_path, capsys):
    src = tmp_path / "in"
    write_inputs(src)
    data = str(tmp_path / "data")
    assert main(["ingest", str(src), "--data", data, "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["sparql", "schools", "--json", "--data", data]) == 0
    res = json.loads(capsys.readouterr().out)
    assert {b["name"]["value"] for b in res["results"]["bindings"]} >= {s[0] for s in SCHOOLS}
    assert main(["sparql", "SELECT ?s WHERE { ?s a jh:Report }", "--data", data]) == 0
    assert "report/" in capsys.readouterr().out
    assert main(["compliance", "--json", "--data", data]) == 0
    comp = json.loads(capsys.readouterr().out)
    assert set(comp) == {"schools", "counties"} and comp["counties"]
    for fmt, check in [("ttl", "turtle"), ("nq", "nquads"), ("jsonld", "json-ld")]:
        out = tmp_path / f"x.{fmt}"
        assert main(["export", "--format", fmt, "--out", str(out), "--data", data]) == 0
        g = Dataset() if fmt != "ttl" else Graph()
        g.parse(out, format=check)
        assert len(g) > 100
    out = tmp_path / "x.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--data", data]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("学校 school") and any("生均图书22册" in ln for ln in lines)
    out = tmp_path / "x.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--data", data]) == 0
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws.max_row == len(lines)
    assert main(["remove", str(src / "school0.txt"), "--data", data]) == 0


def test_views_for_the_web(tmp_path):
    src = tmp_path / "in"
    write_inputs(src)
    with Corpus(tmp_path / "data") as c:
        c.ingest([src], progress=False)
        school = next(s for s in c.schools() if s.get("name") == SCHOOLS[1][0])
        view = c.school(school["school"])
        assert any(f["quote"] == "生均图书22册" and f.get("verdict") for f in view["facts"])
        assert view["reports"]
        report = c.report(view["reports"][0]["report"])
        assert report["text"].startswith(SCHOOLS[1][0])
        assert {cl["type"].rsplit("#", 1)[-1] for cl in report["claims"]} >= {"Fact", "Problem", "Measure", "BlankFlag"} \
            or {cl["type"].rsplit("#", 1)[-1] for cl in report["claims"]} >= {"Fact", "Problem", "Measure"}
        described = c.describe(school["school"])
        assert described["out"] and described["in"]
        assert c.indicator("books_per_student")["requirements"]
        county = c.county(school["county"])
        assert county["schools"] and county["cvs"]
        assert {s["standardId"] for s in c.standards()} >= {"moe-2012-basic", "moe-2017-quality"}


@pytest.mark.skipif(not DEMO.is_dir() or not any(DEMO.iterdir()), reason="demo corpus not built")
def test_demo_corpus_ingests_cleanly_and_conforms(tmp_path):
    with Corpus(tmp_path / "data") as c:
        s = c.ingest([DEMO], progress=False)
        assert not s.failed, s.failed
        assert len(s.standards) == 2  # the two standards files are read as standards, not reports
        assert c.rows("evidence_mismatches") == []
        assert c.rows("claims_without_evidence") == []
        conforms, text = c.validate()
        assert conforms, text[:3000]
        data = c.compliance()
        assert sum(len(x["assessments"]) for x in data["schools"]) > 20
        assert data["counties"]
        provincial = [a for x in data["schools"] for a in x["assessments"] if a["standard"] == "陕西省义务教育学校办学基本标准（试行）"]
        assert provincial and all("凤翔" in (x["county"] or "") or True for x in data["schools"])
        shaanxi = {x["school"] for x in data["schools"] if any(a["standard"].startswith("陕西") for a in x["assessments"])}
        others = {x["school"] for x in data["schools"] if x["county"] in ("古丈县", "遂昌县", "沂水县")}
        assert shaanxi and not shaanxi & others


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared absent")
def test_seeds_ingest_and_conform(tmp_path):
    with Corpus(tmp_path / "data") as c:
        s = c.ingest([SEEDS], progress=False)
        assert not s.failed and len(s.ok) == 2
        assert c.rows("evidence_mismatches") == []
        conforms, text = c.validate()
        assert conforms, text[:3000]


def test_materialised_views_follow_the_corpus_state(tmp_path):
    """Corpus-wide lists are stored per state after ingest; a change replaces them, a reader loads them."""
    from kg import queries

    src = tmp_path / "in"
    write_inputs(src)
    data = tmp_path / "data"
    with Corpus(data) as c:
        c.ingest([src], progress=False)
        first = c.manifest["derived_for"][:16]
        stored = json.loads((data / "views" / first / "web_flags.json").read_text(encoding="utf-8"))
        assert stored == queries.rows(c.ds, "web_flags") and stored
        assert {r["name"] for r in c.view("schools")} >= {s[0] for s in SCHOOLS}
        f = src / "school1.txt"
        f.write_text(f.read_text(encoding="utf-8").replace("在校学生310人", "在校学生320人"), encoding="utf-8")
        c.ingest([src], progress=False)
        second = c.manifest["derived_for"][:16]
        assert second != first and not (data / "views" / first).exists()
        assert c.view("web_flags") == queries.rows(c.ds, "web_flags")
    with Corpus(data, read_only=True) as reader:
        (data / "views" / second / "schools.json").write_text('[{"name": "只在视图里的学校"}]', encoding="utf-8")
        assert reader.view("schools") == [{"name": "只在视图里的学校"}]  # read from disk, not recomputed


def test_parameters_inlined_as_values_give_the_same_rows(tmp_path):
    """Queries marked `# params: values` get their parameters as a leading VALUES block (faster
    plans in Oxigraph); the rows must equal rdflib's initBindings answer."""
    from rdflib import URIRef

    from kg import queries

    src = tmp_path / "in"
    write_inputs(src)
    with Corpus(tmp_path / "data") as c:
        c.ingest([src], progress=False)
        for s in c.schools():
            for name in ("web_school_facts", "reports_of_school"):
                fast = c.rows(name, school=URIRef(s["school"]))
                slow = [queries.to_python_row(r) for r in queries.run(c.ds, name, school=URIRef(s["school"])).bindings]
                key = lambda r: sorted((k, str(v)) for k, v in r.items())  # noqa: E731
                assert sorted(map(key, fast)) == sorted(map(key, slow))
        assert any(c.rows("web_school_facts", school=URIRef(s["school"])) for s in c.schools())
