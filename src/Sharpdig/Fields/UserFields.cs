using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>The user.* and group.* fields, from the thread's ids and the capture's user/group lists.</summary>
internal sealed class UserFieldExtractor : FieldExtractor
{
    private enum Id { Uid, Name, HomeDir, Shell, LoginUid, LoginName, Gid, GroupName }

    private readonly Id _id;

    private UserFieldExtractor(FieldInfo info, string text, Id id) : base(info, text) => _id = id;

    public static bool TryCreate(FieldInfo info, string text, out FieldExtractor? x, out string error)
    {
        error = "";
        Id id = info.Name switch
        {
            "user.uid" => Id.Uid, "user.name" => Id.Name, "user.homedir" => Id.HomeDir, "user.shell" => Id.Shell,
            "user.loginuid" => Id.LoginUid, "user.loginname" => Id.LoginName, "group.gid" => Id.Gid, _ => Id.GroupName,
        };
        x = new UserFieldExtractor(info, text, id);
        return true;
    }

    public override bool Extract(EventContext ctx)
    {
        var t = ctx.Thread;
        if (t is null) return false;
        var users = ctx.State.Users;
        switch (_id)
        {
            case Id.Uid: return SetUnsigned(t.Uid);
            case Id.Name: return users.Get(t.Uid) is { } u && SetText(u.Name);
            case Id.HomeDir: return users.Get(t.Uid) is { } u2 && SetText(u2.HomeDir);
            case Id.Shell: return users.Get(t.Uid) is { } u3 && SetText(u3.Shell);
            case Id.LoginUid: return SetSigned((int)t.LoginUid);
            case Id.LoginName: return users.Get(t.LoginUid) is { } u4 && SetText(u4.Name);
            // sysdig 0.29.3 reads this 32-bit id as 64 bits, so the low half of the member after it
            // in sinsp's thread (its count of child threads) shows in the top half.
            case Id.Gid: return SetUnsigned(t.Gid | ((ulong)(uint)t.ChildThreads << 32));
            case Id.GroupName: return ctx.State.Groups.Get(t.Gid) is { } g && SetText(g.Name);
        }
        return false;
    }
}
