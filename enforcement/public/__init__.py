"""Public lookup of published penalty decisions (公示查询): JSON under /api/public/, pages under /public/."""
