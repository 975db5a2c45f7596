"""junheng (均衡): knowledge graph and Chinese search over 义务教育均衡发展 documents."""
