import Foundation

/// Date formats of the reports, always in UTC so that output does not depend on the machine.
/// Dates come from the run (``RunHeader/startedAt``) or the caller, never from the clock here.
public enum ReportDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func parts(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    }

    private static func two(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    /// `2026-11-21T09:00:00Z` (ISO 8601 / RFC 3339, whole seconds).
    static func iso8601(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year ?? 0)-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute)):\(two(p.second))Z"
    }

    /// `2026-11-21 09:00 UTC`, for people.
    public static func readable(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year ?? 0)-\(two(p.month))-\(two(p.day)) \(two(p.hour)):\(two(p.minute)) UTC"
    }

    /// `Sat, 21 Nov 2026 09:00:00 +0000`, the mail `Date:` header
    /// ([RFC 5322 §3.3](https://www.rfc-editor.org/rfc/rfc5322#section-3.3)).
    static func rfc5322(_ date: Date) -> String {
        let p = parts(date)
        let weekday = weekdays[((p.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((p.month ?? 1) - 1 + 12) % 12]
        return "\(weekday), \(two(p.day)) \(month) \(p.year ?? 0) \(two(p.hour)):\(two(p.minute)):\(two(p.second)) +0000"
    }

    /// `1h 02m 05s`, `2m 05s` or `5s`: how long a run took.
    static func duration(from start: Date, to end: Date) -> String {
        let seconds = max(0, Int(end.timeIntervalSince(start).rounded()))
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        if h > 0 { return "\(h)h \(two(m))m \(two(s))s" }
        if m > 0 { return "\(m)m \(two(s))s" }
        return "\(s)s"
    }
}
