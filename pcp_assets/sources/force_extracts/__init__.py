"""The force's own extracts: files its systems export (or the generator writes)."""
