import Foundation
import Provisioning

/// Users, sets and batches for the PostgreSQL tests.
enum Make {
    static let now = Date(timeIntervalSince1970: 1_793_491_200)

    /// A new user of `contoso` named `name@contoso.com`.
    static func user(_ name: String, id: Int, licenses: [String] = []) -> User {
        User(objectID: String(format: "00000000-0000-4000-8000-%012d", id), customerID: "contoso",
             userPrincipalName: "\(name)@contoso.com",
             attributes: UserAttributes(displayName: "User \(id)", usageLocation: "TW"), createdAt: now,
             licenses: licenses.map { LicenseAssignment(partNumber: $0) })
    }

    /// A set that creates `user` with a fixed test password.
    static func create(_ user: User, key: String? = nil) throws -> UserChangeSet {
        UserChangeSet(customerID: user.customerID, objectID: user.objectID, userPrincipalName: user.userPrincipalName,
                      journalKey: key ?? user.userPrincipalName,
                      steps: [.create(user, password: try TemporaryPassword(checking: "Tz4#kP9q!mWx2vLr"))])
    }

    /// A set of `steps` for `user`.
    static func set(_ user: User, _ steps: [UserChange], key: String) -> UserChangeSet {
        UserChangeSet(customerID: user.customerID, objectID: user.objectID, userPrincipalName: user.userPrincipalName,
                      journalKey: key, steps: steps)
    }

    /// A batch of `sets`.
    static func batch(_ sets: [UserChangeSet], id: String = "test", deliversCredentials: Bool = false) -> ChangeBatch {
        ChangeBatch(batchID: id, role: .adminAgent, operatorName: "tests", now: now, sets: sets,
                    deliversCredentials: deliversCredentials)
    }
}

/// A value handed to another thread that the test keeps to that thread alone meanwhile.
final class Handoff<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs `bodies` on threads of their own, started together, and waits for all of them.
func runTogether(_ bodies: [@Sendable () -> Void]) {
    let group = DispatchGroup()
    let start = DispatchSemaphore(value: 0)
    for body in bodies {
        group.enter()
        Thread {
            start.wait()
            body()
            group.leave()
        }.start()
    }
    for _ in bodies { start.signal() }
    group.wait()
}
