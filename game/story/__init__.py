"""The story as data: model, safe YAML loading, expressions. Never imports textual."""
