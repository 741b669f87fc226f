/// The Provisioning module. See `../shared/DESIGN.md`.
public enum ProvisioningModule {}
