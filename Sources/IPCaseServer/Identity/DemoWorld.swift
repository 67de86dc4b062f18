public import Foundation
import IPCaseDomain
import Logging

/// A small district to try the service with: a platform admin, two enterprises, a mediation body with
/// three mediators, an arbitration commission, a court and two regulators, one user each unless said.
///
/// Seeding is idempotent. Passwords are generated on the first seed and written, one line per user as
/// `<role> <email> <password>`, to `$IPCASE_DATA_DIR/demo-credentials`; later runs leave everything as is.
public enum DemoWorld {
    struct Member {
        let role: Role
        let email: String
        let name: String
        let organization: String
        let kind: OrganizationKind
        var creditCode: String? = nil
    }

    static let members: [Member] = [
        Member(role: .admin, email: "admin@demo.ipcase.cn", name: "Platform Admin", organization: "ipcase Platform", kind: .platform),
        Member(role: .enterprise, email: "legal@shenzhen-optics.demo", name: "Li Wei", organization: "深圳光学科技有限公司",
               kind: .enterprise, creditCode: "91440300MA5H0HLK5U"),
        Member(role: .enterprise, email: "ip@pearl-devices.demo", name: "Chen Jing", organization: "珠江电子设备有限公司",
               kind: .enterprise, creditCode: "914403001922038216"),
        Member(role: .mediator, email: "mediator1@ip-mediation.demo", name: "Wang Fang", organization: "知识产权纠纷人民调解委员会",
               kind: .mediationBody),
        Member(role: .mediator, email: "mediator2@ip-mediation.demo", name: "Zhao Lei", organization: "知识产权纠纷人民调解委员会",
               kind: .mediationBody),
        Member(role: .mediator, email: "mediator3@ip-mediation.demo", name: "Liu Yang", organization: "知识产权纠纷人民调解委员会",
               kind: .mediationBody),
        Member(role: .arbitrator, email: "arbitrator@arbitration.demo", name: "Sun Min", organization: "仲裁委员会",
               kind: .arbitrationCommission),
        Member(role: .judge, email: "judge@court.demo", name: "Zhou Tao", organization: "知识产权法庭", kind: .court),
        Member(role: .regulator, email: "regulator@amr.demo", name: "Wu Hong", organization: "市场监督管理局（知识产权局）",
               kind: .regulator),
        // A second pair of eyes: an override or a compliance approval after a return needs another regulator.
        Member(role: .regulator, email: "regulator2@amr.demo", name: "Xu Qing", organization: "市场监督管理局（知识产权局）",
               kind: .regulator),
    ]

    /// Seeds what is missing; returns the file with the credentials and the lines of the users created now.
    public static func seed(with provisioning: AccountProvisioning, dataDirectory: URL) async throws -> (file: URL, created: [String]) {
        let file = dataDirectory.appendingPathComponent("demo-credentials")
        var lines: [String] = []
        for member in members {
            let password = generatePassword()
            let created = try await provisioning.createUser(
                email: member.email, displayName: member.name, password: password, roles: [member.role],
                organizationName: member.organization, organizationKind: member.kind, creditCode: member.creditCode)
            if created { lines.append("\(member.role.rawValue) \(member.email) \(password)") }
        }
        if !lines.isEmpty {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            let existing = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            try Data((existing + lines.joined(separator: "\n") + "\n").utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        }
        return (file, lines)
    }

    /// 20 characters from an alphabet without look-alikes: about 115 bits.
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
