namespace Sharpdig.Fields;

/// <summary>The value type of a field, as `sysdig -lv` names them (the PT_* codes the filter uses).</summary>
public enum FieldType : byte
{
    Int16, Int32, Int64, UInt32, UInt64, CharBuf, ByteBuf, Bool, Double, AbsTime, RelTime,
    IPAddr, IPNet, Port, Dynamic,
}

/// <summary>How an extracted value is held: which slot of the extractor carries it.</summary>
public enum ValueKind : byte { Signed, Unsigned, Double, Bool, Text, Bytes, IPAddress }

public static class FieldTypeNames
{
    /// <summary>The spelling `-lv` prints between "(Type: " and ")".</summary>
    public static string ListName(FieldType t) => t switch
    {
        FieldType.Int16 => "INT16", FieldType.Int32 => "INT32", FieldType.Int64 => "INT64",
        FieldType.UInt32 => "UINT32", FieldType.UInt64 => "UINT64", FieldType.CharBuf => "CHARBUF",
        FieldType.ByteBuf => "BYTEBUF", FieldType.Bool => "BOOL", FieldType.Double => "DOUBLE",
        FieldType.AbsTime => "ABSTIME", FieldType.RelTime => "RELTIME", FieldType.IPAddr => "IPADDR",
        FieldType.IPNet => "IPNET", FieldType.Port => "PORT", FieldType.Dynamic => "DYNAMIC",
        _ => "UNKNOWN",
    };

    public static ValueKind KindOf(FieldType t) => t switch
    {
        FieldType.Int16 or FieldType.Int32 or FieldType.Int64 => ValueKind.Signed,
        FieldType.UInt32 or FieldType.UInt64 or FieldType.AbsTime or FieldType.RelTime or FieldType.Port => ValueKind.Unsigned,
        FieldType.Double => ValueKind.Double,
        FieldType.Bool => ValueKind.Bool,
        FieldType.ByteBuf => ValueKind.Bytes,
        FieldType.IPAddr or FieldType.IPNet => ValueKind.IPAddress,
        _ => ValueKind.Text,
    };
}
