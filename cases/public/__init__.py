"""The public side of the branch centre: online applications and progress lookup, anonymous
and rate-limited, as JSON under /api/public/ and as HTML pages under /public/."""
