"""Writes of agency supervision: the directories and plans (directory, plans, imports) and the
spot-check tasks. Each write goes through the kernel's audited door."""
