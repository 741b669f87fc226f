/// The Reports module. See `../shared/DESIGN.md`.
public enum ReportsModule {}
