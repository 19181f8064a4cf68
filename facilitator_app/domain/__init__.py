"""Values and pure rules. Imports nothing of ours; no Qt, SQL, files or clock."""
