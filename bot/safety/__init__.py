"""Guards on text people type: personal identifiers, links, control characters, cells."""
