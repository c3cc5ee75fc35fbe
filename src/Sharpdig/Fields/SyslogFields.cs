using Sharpdig.Formatting;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>
/// The syslog.* fields: what sysdig's syslog decoder reads from a write to /dev/log, valid for
/// that event only.
/// </summary>
internal sealed class SyslogFieldExtractor : FieldExtractor
{
    private readonly string _name;

    private SyslogFieldExtractor(FieldInfo info, string text) : base(info, text) => _name = info.Name;

    public static bool TryCreate(FieldInfo info, string text, out FieldExtractor? x, out string error)
    {
        error = "";
        x = new SyslogFieldExtractor(info, text);
        return true;
    }

    public override bool Extract(EventContext ctx)
    {
        if (!SyslogDecoder.TryDecode(ctx, out int priority, out var message)) return false;
        switch (_name)
        {
            case "syslog.facility": return SetUnsigned((uint)(priority >> 3));
            case "syslog.facility.str": return SetText(SyslogDecoder.FacilityName(priority >> 3));
            case "syslog.severity": return SetUnsigned((uint)(priority & 7));
            case "syslog.severity.str": return SetTextCopy(SyslogDecoder.SeverityName(priority));
            case "syslog.message": return SetTextCopy(message);
            default: return false;
        }
    }
}
