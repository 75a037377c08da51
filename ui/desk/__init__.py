"""The tabs of the Dữ liệu page (views/data.py), one module each: upload
(dry run, sheet view, import), history (original files, revert), locks,
completeness (who reported on time), templates; common.py holds what
several share. A new tab is a module here and one line in the page's
`sections`. These are parts of a page, not pages: ui/navigation.py lists
the pages."""
