"""The batch run behind ``ruevents extract``: inputs, dates, chunks, journals and engines."""
