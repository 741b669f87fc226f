/// The columns of Microsoft's bulk templates, as the portals write them, and what each carries.
///
/// Sources (checked against Microsoft's documentation):
/// - Partner Center, "Import multiple users to a customer account": First name, Last name,
///   Display name, Email, Status update (the portal's result column, left empty).
/// - Microsoft 365 admin center, "Add multiple users": User Name, First Name, Last Name,
///   Display Name, Job Title, Department, Office Number, Office Phone, Mobile Phone, Fax,
///   Alternate email address, Address, City, State or Province, ZIP or Postal Code, Country or
///   Region; older downloads lack `Alternate email address`.
/// - Entra ID bulk create, delete and restore: `version:v1.0`, then
///   `<Item name> [propertyName] <Required or blank>`, matched by the property in brackets
///   (older templates write `Name (example: Chris Green) [displayName] *`).
enum TemplateCatalog {
    /// One column of a template.
    struct Column: Sendable {
        /// The header as the template writes it.
        let header: String
        /// The matching key: the reduced header, or for Entra the reduced property.
        let key: HeaderKey
        /// The field it carries; `nil` for a column that carries nothing intake uses (`Fax`).
        let field: IntakeField?

        init(_ header: String, _ field: IntakeField?) {
            self.header = header
            self.key = HeaderKey.property(of: header) ?? HeaderKey(header)
            self.field = field
        }
    }

    /// Partner Center's bulk-add template.
    static let partnerCenter: [Column] = [
        Column("First name", .firstName),
        Column("Last name", .lastName),
        Column("Display name", .displayName),
        Column("Email", .userPrincipalName),
        Column("Status update", nil),
    ]

    /// The Microsoft 365 admin center's "Add multiple users" template. `Country or Region` is a
    /// country name, read as the usage location.
    static let adminCenter: [Column] = [
        Column("User Name", .userPrincipalName),
        Column("First Name", .firstName),
        Column("Last Name", .lastName),
        Column("Display Name", .displayName),
        Column("Job Title", .jobTitle),
        Column("Department", .department),
        Column("Office Number", nil),
        Column("Office Phone", nil),
        Column("Mobile Phone", nil),
        Column("Fax", nil),
        Column("Alternate email address", nil),
        Column("Address", nil),
        Column("City", nil),
        Column("State or Province", nil),
        Column("ZIP or Postal Code", nil),
        Column("Country or Region", .usageLocation),
    ]

    /// Entra ID's bulk create template; delete has only the user name, restore only the object id.
    /// `Block sign in (Yes/No)` is the inverse of account enabled.
    static let entra: [Column] = [
        Column("Name [displayName] Required", .displayName),
        Column("User name [userPrincipalName] Required", .userPrincipalName),
        Column("Initial password [passwordProfile] Required", .initialPassword),
        Column("Block sign in (Yes/No) [accountEnabled] Required", .blockSignIn),
        Column("First name [givenName]", .firstName),
        Column("Last name [surname]", .lastName),
        Column("Job title [jobTitle]", .jobTitle),
        Column("Department [department]", .department),
        Column("Usage location [usageLocation]", .usageLocation),
        Column("Street address [streetAddress]", nil),
        Column("State or province [state]", nil),
        Column("Country or region [country]", nil),
        Column("Office [physicalDeliveryOfficeName]", nil),
        Column("City [city]", nil),
        Column("ZIP or postal code [postalCode]", nil),
        Column("Office phone [telephoneNumber]", nil),
        Column("Mobile phone [mobile]", nil),
        Column("Object ID [objectId] Required", .objectID),
    ]

    /// The template's own columns for a format (none for native and mapped).
    static func columns(for format: InputFormat) -> [Column] {
        switch format {
        case .partnerCenter: return partnerCenter
        case .adminCenter: return adminCenter
        case .entraCreate, .entraDelete, .entraRestore: return entra
        case .native, .mapped: return []
        }
    }

    /// One line per known format, for the unrecognised-header error.
    static let formatSummaries: [String] = [
        "native (" + IntakeField.allCases.map(\.columnName).joined(separator: ", ") + ")",
        "\(InputFormat.partnerCenter.title) (" + partnerCenter.map(\.header).joined(separator: ", ") + ")",
        "\(InputFormat.adminCenter.title) (" + adminCenter.map(\.header).joined(separator: ", ") + ")",
        "Entra ID bulk create, delete or restore (a version:v1.0 line, then headers such as "
            + "'Name [displayName] Required', 'User name [userPrincipalName] Required', "
            + "'Object ID [objectId] Required')",
    ]

    /// Every known column name with its matching key, one name per key, for "did you mean"
    /// suggestions: native names first, then the templates' headers.
    static let knownColumnNames: [(key: String, name: String)] = {
        var names = IntakeField.allCases.map { (key: HeaderKey($0.columnName).value, name: $0.columnName) }
        var keys = Set(names.map(\.key))
        for column in partnerCenter + adminCenter + entra where keys.insert(column.key.value).inserted {
            names.append((key: column.key.value, name: column.header))
        }
        return names
    }()

    /// Whether a row is the example row Entra's templates ship (to be skipped when it is the
    /// first data row): its first value starts with `Example:` (the delete template's
    /// `Example: chris@contoso.com`), or it holds the create template's sample user,
    /// `Chris Green` / `chris@contoso.com`.
    static func isEntraExampleRow(_ fields: [String]) -> Bool {
        let values = fields.map { $0.trimmedWhitespace.lowercased() }
        if let first = values.first(where: { !$0.isEmpty }), first.hasPrefix("example:") { return true }
        return values.contains("chris@contoso.com") && values.contains("chris green")
    }
}
