import Foundation
import Provisioning

extension SQLiteDirectory {
    /// Adds or updates products and their service plans (an upsert by part number; a product's
    /// plans are replaced by the given ones). Products not named stay as they are.
    ///
    /// A product whose GUID the store already has under another part number is skipped and
    /// reported, as Microsoft's files sometimes reuse a GUID under a misspelt part number.
    public func importCatalog(_ products: [Product]) throws -> CatalogImportSummary {
        var summary = CatalogImportSummary(inserted: 0, updated: 0, plans: 0, skipped: [])
        try connection.transaction {
            for product in products {
                let owner = try connection.cached("SELECT part_number FROM products WHERE guid = ?1")
                owner.bind(product.guid, at: 1)
                let current = try owner.step() ? owner.text(0) : nil
                owner.reset()
                if let current, current != product.partNumber {
                    summary.skipped.append("\(product.partNumber): GUID \(product.guid) already belongs to \(current)")
                    continue
                }
                let exists = try connection.scalar("SELECT 1 FROM products WHERE part_number = ?1", {
                    $0.bind(product.partNumber, at: 1)
                }) != nil
                try connection.run("""
                    INSERT INTO products (part_number, guid, display_name) VALUES (?1, ?2, ?3)
                    ON CONFLICT (part_number) DO UPDATE SET guid = excluded.guid, display_name = excluded.display_name
                    """) {
                    $0.bind(product.partNumber, at: 1)
                    $0.bind(product.guid, at: 2)
                    $0.bind(product.displayName, at: 3)
                }
                if exists { summary.updated += 1 } else { summary.inserted += 1 }
                try connection.run("DELETE FROM service_plans WHERE product = ?1") { $0.bind(product.partNumber, at: 1) }
                for (position, plan) in product.servicePlans.enumerated() {
                    summary.plans += try connection.run("""
                        INSERT INTO service_plans (product, plan_id, name, friendly_name, position)
                        VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING
                        """) {
                        $0.bind(product.partNumber, at: 1)
                        $0.bind(plan.id, at: 2)
                        $0.bind(plan.name, at: 3)
                        $0.bind(plan.friendlyName, at: 4)
                        $0.bind(position, at: 5)
                    }
                }
            }
        }
        return summary
    }

    /// Replaces the stored licensing rules with `rules`.
    public func storeRules(_ rules: LicensingRules) throws {
        try connection.transaction {
            try connection.run("DELETE FROM rules")
            for (position, rule) in rules.rules.enumerated() {
                let row = rule.row
                try connection.run("INSERT INTO rules (position, kind, subject, object, note) VALUES (?1, ?2, ?3, ?4, ?5)") {
                    $0.bind(position + 1, at: 1)
                    $0.bind(row.kind, at: 2)
                    $0.bind(row.subject, at: 3)
                    $0.bind(row.object, at: 4)
                    $0.bind(row.note, at: 5)
                }
            }
        }
    }
}
