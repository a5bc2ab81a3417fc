"""History of catalog changes (django-simple-history): who changed what, when, through which path, and restore.

- ``context``: where a change comes from (admin, API, import, shell, bulk action), who made it and why, and the
  scope that folds one logical save into one version per row;
- ``records``: the HistoricalRecords every tracked model uses, and the bulk writer for paths that bypass save();
- ``timeline``: the product's history page (every tracked row of the product, newest first, with diffs);
- ``restore``: putting a product back as it was at one of its versions.

Submodules are imported by name: ``records`` is imported by the models, so this package imports nothing.
"""
