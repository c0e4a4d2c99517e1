"""Who may fire which enforcement transition, the pure guards, and the legal figures the
procedures rest on (limits, fine ceilings, thresholds)."""
