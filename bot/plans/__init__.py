"""Plan files: parsing (YAML, CSV, XLSX), importing into storage, exporting."""
