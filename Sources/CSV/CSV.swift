/// The CSV module: reading and writing the comma-separated files that Excel and the
/// Microsoft portals export. See `docs/csv.md`.
public enum CSV {}
