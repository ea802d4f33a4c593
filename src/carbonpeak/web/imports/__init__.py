"""数据导入: the import pages. Every room's `Importer` (`http/imports.py`) is offered here the same way: choose a
file → preview with every problem by row and field, nothing stored → confirm → stored in one transaction.

`registry.py` finds the importers, `staging.py` keeps the bytes between preview and confirmation,
`workbook.py` writes the xlsx templates, `views.py` draws the pages; both name columns, values and refusals
with `http/import_checks.py`, the functions the rooms' importers answer their previews with. `plan_file.py`
is the plan file's importer: the plan room sits below `http`, so its importer lives here, with the room's own
parse and store."""
