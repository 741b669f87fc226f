/// The SQLiteDirectory module. See `../shared/DESIGN.md`.
public enum SQLiteDirectoryModule {}
