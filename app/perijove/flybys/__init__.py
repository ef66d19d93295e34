"""Juno's moon flybys and perijoves: the catalogue of published facts, and lookups."""
