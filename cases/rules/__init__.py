"""Who may fire which transition of the branch centre's workflows, and their pure guards
(one module per workflow)."""
