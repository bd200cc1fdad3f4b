"""The lessons' plumbing: one module per notebook, holding its panels, lesson-specific
charts and exercise self-checks, so that each notebook cell is "import, call, show"."""
