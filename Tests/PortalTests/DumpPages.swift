import Foundation
import Testing
@testable import Portal

@Suite struct DumpPages {
    /// Writes every page and the stylesheet to PORTAL_DUMP (a folder), to look at them in a browser.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PORTAL_DUMP"] != nil))
    func dump() throws {
        let folder = ProcessInfo.processInfo.environment["PORTAL_DUMP"] ?? ""
        let fixture = try PortalFixture()
        for (index, page) in try AllPages.render(fixture).enumerated() {
            let html = page.html.replacingOccurrences(of: "href=\"/assets/portal.css\"", with: "href=\"portal.css\"")
            try html.write(toFile: folder + String(format: "/%02d-", index) + page.name.replacingOccurrences(of: " ", with: "-")
                           .replacingOccurrences(of: ",", with: "") + ".html", atomically: true, encoding: .utf8)
        }
        try PortalStyleSheet.css.write(toFile: folder + "/portal.css", atomically: true, encoding: .utf8)
    }
}
