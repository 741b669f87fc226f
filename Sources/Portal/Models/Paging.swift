/// The pager of a list: which page is shown (a requested page out of range is clamped to the
/// nearest one) and where First, Previous, Next and Last go (`nil` where they would go nowhere).
public struct Paging: Sendable, Hashable {
    /// The page shown, from 1.
    public var page: Int
    /// Pages in all (at least 1, even for no items).
    public var pageCount: Int
    /// Items on all pages.
    public var total: Int
    /// Items per page.
    public var pageSize: Int

    /// The pager for `total` items, `pageSize` a page, on `page` (clamped into range).
    public init(page: Int, total: Int, pageSize: Int) {
        self.pageSize = max(1, pageSize)
        self.total = max(0, total)
        pageCount = max(1, (self.total + self.pageSize - 1) / self.pageSize)
        self.page = Self.clamp(page, pageCount: pageCount)
    }

    /// `page` clamped into `1...pageCount`.
    public static func clamp(_ page: Int, pageCount: Int) -> Int { min(max(1, page), max(1, pageCount)) }

    /// The first page, unless it is this one.
    public var first: Int? { page > 1 ? 1 : nil }
    /// The page before, unless this is the first.
    public var previous: Int? { page > 1 ? page - 1 : nil }
    /// The page after, unless this is the last.
    public var next: Int? { page < pageCount ? page + 1 : nil }
    /// The last page, unless it is this one.
    public var last: Int? { page < pageCount ? pageCount : nil }

    /// The 1-based positions of the first and last item shown (`0...0` for none).
    public var shown: ClosedRange<Int> {
        guard total > 0 else { return 0...0 }
        let from = (page - 1) * pageSize + 1
        return from...min(total, page * pageSize)
    }

    /// `Showing 51–100 of 230`, or `No users` (with the noun given).
    public func summary(noun: String) -> String {
        total == 0 ? "No \(noun)" : "Showing \(HTML.count(shown.lowerBound))–\(HTML.count(shown.upperBound)) of \(HTML.count(total)) \(noun)"
    }

    /// A page number from a form value: a whole number, else 1.
    public static func requestedPage(_ text: String?) -> Int {
        guard let text, let number = Int(text.prefix(12)) else { return 1 }
        return max(1, number)
    }
}
