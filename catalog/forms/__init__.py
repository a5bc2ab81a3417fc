"""Admin forms of the catalog: they parse input into what catalog.services expects, nothing more."""
