using Sharpdig.Events;

namespace Sharpdig.Formatting;

/// <summary>
/// Flag/enum names for a value, scanning the ordered table as sysdig 0.29.3 does
/// (event-params.md §4): an exact match of the original value stops the scan; otherwise every
/// entry whose bits are all still present is taken and its bits removed. Returns false when no
/// name applies (then nothing is printed in parentheses).
/// </summary>
public static class FlagsText
{
    public static bool Write(ByteWriter w, NameValueTable table, uint value)
    {
        uint rest = value;
        bool any = false;
        foreach (var e in table.Entries)
        {
            if (e.Value == value)
            {
                if (any) w.Write((byte)'|');
                w.Write(e.Name);
                return true;
            }
            if ((e.Value == 0 && value == 0) || (e.Value != 0 && value != 0 && (rest & e.Value) == e.Value))
            {
                if (any) w.Write((byte)'|');
                w.Write(e.Name);
                any = true;
                rest &= ~e.Value;
            }
        }
        return any;
    }
}
