"""Computed views kept per data version, in each server process (数据版本与缓存).

`versions` moves a counter per topic on with every committed write and reads it; `readmodels` keeps
read-model answers per version (`@cached_read`); `pages` keeps rendered pages per version and user
(`@cached_page`); `fragments` keeps rendered parts of a page (the top bar) with holes for each request's
values. Django-side but below every room (it names none), so that any room's views and queries,
the plan room's included, may use it.
"""
