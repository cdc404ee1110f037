from etl.cli import main

raise SystemExit(main(cap_imports=True))
