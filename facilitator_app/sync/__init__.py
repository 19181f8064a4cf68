"""USB sync: device identities, bundle files, scope, permissions and the merge."""
