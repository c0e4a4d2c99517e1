"""Importing historical cases from Excel (issue 15 item 2), for every workflow.

The kernel (kernel.py) reads every row of the uploaded .xlsx, has the workflow check each one
(rows.py helps: cells, Chinese headers, dates, parties, the area, the state's implied facts) and
writes all rows in one transaction or none, each case with exactly one history row
"导入历史案件" naming the file and its SHA-256. A workflow supplies an ImportSpec: its columns,
its row check and its row → records function (cases.imports, enforcement.services.case_import)."""
