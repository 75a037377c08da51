"""Templates: an .xlsx of any form and period that officials fill in and the
loader reads back unchanged (issue 4, PRODUCT.md "Dữ liệu").

The data sheet looks like the official form: the commune's letterhead and the
national motto, the form's name and the period in words ("6 THÁNG ĐẦU NĂM
2026", which the loader reads as the period), the catalog's headers with
their units, a signature footer. Excel itself guards the cells: drop-down
lists for enumerations and village names, whole-number / decimal / percent
validation with Vietnamese messages, and sheet protection that leaves only
the cells to fill unlocked. A "Hướng dẫn" sheet says how to fill and send it.

Decisions (docs/decisions.md):
- Pre-filled with what the store holds for that form and period (Biểu 01:
  each village's values; 04: each task's row; 02, 03, 05: the register; 00:
  the registry), so an official corrects rather than retypes. Values of
  other periods are never copied in: an untouched cell would report them
  again as this period's. A register (02, 03, 05) the period lacks lists
  the names of the latest earlier one, values blank; a row with a name and
  no values is no data, so an unfilled name reports nothing.
- Locked: titles, headers, and the key cells the registry or catalog
  defines (village codes and names, task ids and names). The protection has
  no password: it prevents slips, not determined edits.
- Choice lists sit on a very hidden sheet in one column: a row holding one
  cell can never pass for a form's header row. The loader names that sheet
  and "Hướng dẫn" as skipped sheets (warnings).
- Bytes are stable (services/workbook.py): the same store state gives the
  same file, from the CLI and the page alike.

By job: the template as a whole (build.py), what it holds (contents.py),
its data sheet (sheet.py), what Excel checks in it (validation.py), its
instructions sheet (instructions.py), and the look they share (style.py).
"""

from services.templates.build import build_template, template_for
from services.templates.contents import LOCKED, TemplateError
from services.templates.instructions import INSTRUCTIONS
from services.templates.validation import LISTS

__all__ = ["INSTRUCTIONS", "LISTS", "LOCKED", "TemplateError", "build_template", "template_for"]
