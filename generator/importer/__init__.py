"""``fbreg import``: bring an existing ledger (台账) in from Excel or CSV.

* :mod:`.sources` — readers per format (xlsx through openpyxl's read-only mode; csv/tsv in UTF-8,
  UTF-16 or GB18030/GBK; a clear message for .xls);
* :mod:`.headers` — finding the header row under title rows and merged cells, and the built-in
  dictionary of the usual headings;
* :mod:`.mapping` — the mapping file (``schema/import-mapping.schema.json``) and the guessed mapping;
* :mod:`.values` — dates (Excel serials, the forms of :mod:`generator.userinput`, the date-only rule),
  satisfaction and follow-up words;
* :mod:`.convert` — a row to an item's fields, with the status inferred and the last state the data
  supports;
* :mod:`.personal` — personal columns to opaque references, personal data in texts;
* :mod:`.plan` — the whole import: ids, re-import recognition, validation against the register;
* :mod:`.writer` — all files or none (a journal, temporary names, links);
* :mod:`.findings`, :mod:`.report` — problems at ``FILE:SHEET!ROW:COLUMN`` and the report.
"""
from .plan import ImportRefused, ImportResult, recover, run_import

__all__ = ["ImportRefused", "ImportResult", "recover", "run_import"]
