"""Reading values: metrics as numbers, dates, ages, placeholders."""
