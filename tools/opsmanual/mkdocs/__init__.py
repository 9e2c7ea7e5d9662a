"""The one place that knows MkDocs: the plugin, its options, and the driver behind build and serve."""
