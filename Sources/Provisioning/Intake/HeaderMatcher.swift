/// Recognises the format of a header and binds its columns to fields.
///
/// Design note: each candidate format binds every column one of three ways: to a field (by the
/// template's own header, or by a native column name added to a Microsoft template), as a known
/// template column that carries nothing we use (`Fax`), or as unknown. Entra headers are
/// recognised by their bracketed properties, a `--map` takes precedence over recognition, and
/// otherwise the native, admin center and Partner Center candidates compete: each needs its
/// user-name column, none may bind a field twice, and the one binding most columns wins (ties
/// in that order). Nothing matched is an error that names the closest known columns.
enum HeaderMatcher {
    /// One header field.
    private struct Column {
        let index: Int
        let header: String
        let key: HeaderKey
    }

    /// How a candidate reads one column.
    private enum Binding {
        case field(IntakeField)
        case known
        case unknown
    }

    /// A format's reading of the whole header.
    private struct Candidate {
        let format: InputFormat
        let bindings: [(column: Column, binding: Binding)]

        var fields: [(column: Column, field: IntakeField)] {
            bindings.compactMap { entry in
                if case .field(let field) = entry.binding { return (entry.column, field) }
                return nil
            }
        }

        func has(_ field: IntakeField) -> Bool { fields.contains { $0.field == field } }

        /// The first field bound by two columns, with those columns.
        var duplicate: (field: IntakeField, columns: [Column])? {
            var seen: [IntakeField: [Column]] = [:]
            for (column, field) in fields { seen[field, default: []].append(column) }
            for field in IntakeField.allCases {
                if let columns = seen[field], columns.count > 1 { return (field, columns) }
            }
            return nil
        }
    }

    /// Matches `header` (the fields of the header record at `line`).
    /// - Throws: ``IntakeError`` when no format matches, a needed column is missing, or two
    ///   columns carry the same field.
    static func match(_ header: [String], fileName: String, line: Int, map: ColumnMap?) throws -> ColumnLayout {
        // Reduced keys keep letters and digits only, so "U\0s\0e\0r…" (UTF-16 read as UTF-8)
        // would match UserPrincipalName: refuse control characters before reducing.
        for (index, text) in header.enumerated() {
            if let scalar = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
                throw IntakeError.controlCharacterInHeader(fileName: fileName, line: line, column: index + 1,
                                                           scalar: scalar.value)
            }
        }
        let columns = header.enumerated().map { index, text in
            Column(index: index, header: text.trimmedWhitespace, key: HeaderKey(text))
        }
        let named = columns.filter { !$0.key.isEmpty }
        let unnamed = Set(columns.filter { $0.key.isEmpty }.map(\.index))

        let chosen: Candidate
        if let map {
            chosen = candidate(.mapped, named) { map.field(for: $0.key).map(Binding.field) ?? native($0) }
            guard chosen.has(.userPrincipalName) || chosen.has(.objectID) else {
                throw IntakeError.missingColumn(fileName: fileName, line: line, format: .mapped,
                                                needed: [IntakeField.userPrincipalName.columnName,
                                                         IntakeField.objectID.columnName])
            }
        } else if named.contains(where: { HeaderKey.property(of: $0.header) != nil }) {
            chosen = try entra(named, fileName: fileName, line: line)
        } else {
            chosen = try template(named, fileName: fileName, line: line)
        }
        if let duplicate = chosen.duplicate {
            throw IntakeError.duplicateColumn(fileName: fileName, line: line, field: duplicate.field,
                                              columns: duplicate.columns.map(unusedEntry))
        }
        var bound: [IntakeField: ColumnLayout.Bound] = [:]
        var unused: [UnusedColumn] = []
        for (column, binding) in chosen.bindings {
            switch binding {
            case .field(let field): bound[field] = ColumnLayout.Bound(index: column.index, header: column.header)
            case .known: unused.append(unusedEntry(column))
            case .unknown:
                let length = column.key.value.count
                unused.append(unusedEntry(column, suggestionThreshold: length <= 5 ? 1 : max(2, length / 4)))
            }
        }
        return ColumnLayout(format: chosen.format, width: header.count, bound: bound, unused: unused,
                            unnamed: unnamed)
    }

    private static func candidate(_ format: InputFormat, _ columns: [Column],
                                  bind: (Column) -> Binding) -> Candidate {
        Candidate(format: format, bindings: columns.map { ($0, bind($0)) })
    }

    private static func native(_ column: Column) -> Binding {
        IntakeField(columnName: column.key.value).map(Binding.field) ?? .unknown
    }

    private static func templateBinding(_ template: [TemplateCatalog.Column], key: HeaderKey) -> Binding? {
        guard let known = template.first(where: { $0.key == key }) else { return nil }
        return known.field.map(Binding.field) ?? .known
    }

    private static func entra(_ columns: [Column], fileName: String, line: Int) throws -> Candidate {
        let properties = Set(columns.compactMap { HeaderKey.property(of: $0.header) })
        let format: InputFormat
        if properties.contains(HeaderKey(reduced: "displayname")) {
            format = .entraCreate
        } else if properties.contains(HeaderKey(reduced: "objectid")) {
            format = .entraRestore
        } else if properties.contains(HeaderKey(reduced: "userprincipalname")) {
            format = .entraDelete
        } else {
            throw unrecognized(columns, fileName: fileName, line: line)
        }
        let chosen = candidate(format, columns) { column in
            guard let property = HeaderKey.property(of: column.header) else { return native(column) }
            let binding = templateBinding(TemplateCatalog.entra, key: property) ?? .unknown
            // `[accountEnabled]` under a header that does not say "block" means enabled, not blocked.
            if case .field(.blockSignIn) = binding, !column.key.value.contains("block") {
                return .field(.accountEnabled)
            }
            return binding
        }
        if format == .entraCreate, !chosen.has(.userPrincipalName) {
            throw IntakeError.missingColumn(fileName: fileName, line: line, format: format,
                                            needed: ["User name [userPrincipalName] Required"])
        }
        return chosen
    }

    private static func template(_ columns: [Column], fileName: String, line: Int) throws -> Candidate {
        let native = candidate(.native, columns, bind: native)
        let admin = candidate(.adminCenter, columns) {
            templateBinding(TemplateCatalog.adminCenter, key: $0.key) ?? Self.native($0)
        }
        let partner = candidate(.partnerCenter, columns) {
            templateBinding(TemplateCatalog.partnerCenter, key: $0.key) ?? Self.native($0)
        }
        func ownUserName(_ template: [TemplateCatalog.Column]) -> Bool {
            let keys = Set(template.filter { $0.field == .userPrincipalName }.map(\.key))
            return columns.contains { keys.contains($0.key) }
        }
        let eligible = [
            (native, native.has(.userPrincipalName) || native.has(.objectID)),
            (admin, ownUserName(TemplateCatalog.adminCenter)),
            (partner, ownUserName(TemplateCatalog.partnerCenter)),
        ].filter(\.1).map(\.0)
        let valid = eligible.filter { $0.duplicate == nil }
        if let best = valid.max(by: { $0.fields.count < $1.fields.count }) {
            // `max` keeps the last of equal elements; prefer the earlier candidate on ties.
            return valid.first { $0.fields.count == best.fields.count } ?? best
        }
        if let first = eligible.first { return first }  // reports its duplicate
        throw unrecognized(columns, fileName: fileName, line: line)
    }

    private static func unrecognized(_ columns: [Column], fileName: String, line: Int) -> IntakeError {
        let knownKeys = Set(TemplateCatalog.knownColumnNames.map(\.key))
            .union(IntakeField.allCases.flatMap(\.aliases))
        let unmatched = columns.filter { column in
            !knownKeys.contains((HeaderKey.property(of: column.header) ?? column.key).value)
        }
        return .unrecognizedHeader(
            fileName: fileName, line: line,
            columns: unmatched.map { unusedEntry($0, suggestionThreshold: max(3, $0.key.value.count / 2)) })
    }

    private static func unusedEntry(_ column: Column) -> UnusedColumn {
        UnusedColumn(header: column.header, column: column.index + 1)
    }

    private static func unusedEntry(_ column: Column, suggestionThreshold: Int) -> UnusedColumn {
        let key = HeaderKey.property(of: column.header) ?? column.key
        let suggestions = EditDistance.closest(to: key.value, among: TemplateCatalog.knownColumnNames,
                                               threshold: suggestionThreshold)
        return UnusedColumn(header: column.header, column: column.index + 1, suggestions: suggestions)
    }
}
