namespace Sharpdig.Capture.Scap;

/// <summary>Block type codes of the scap file format (scap-format.md §5) and what each one is.</summary>
internal static class ScapBlockType
{
    public const uint SectionHeader = 0x0A0D0D0A;
    /// <summary>The byte-order magic at the start of an SHB body, as a little-endian u32.</summary>
    public const uint ByteOrderMagic = 0x1A2B3C4D;

    public const uint MachineInfo = 0x201, MachineInfoInt = 0x8002ABCD;

    public const uint ProcessListV1 = 0x202, ProcessListV1Int = 0x8000ABCD;
    public const uint ProcessListV2 = 0x207, ProcessListV2Int = 0x8013ABCD;
    public const uint ProcessListV3 = 0x209, ProcessListV3Int = 0x8014ABCD;
    public const uint ProcessListV4 = 0x210, ProcessListV5 = 0x211, ProcessListV6 = 0x212;
    public const uint ProcessListV7 = 0x213, ProcessListV8 = 0x214, ProcessListV9 = 0x215;

    public const uint FdListV1 = 0x203, FdListV1Int = 0x8001ABCD, FdListV2 = 0x218;
    public const uint InterfaceListV1 = 0x205, InterfaceListV1Int = 0x8011ABCD, InterfaceListV2 = 0x219;
    public const uint UserListV1 = 0x206, UserListV1Int = 0x8012ABCD, UserListV2 = 0x220;

    public const uint EventV1 = 0x204, EventV1Int = 0x8010ABCD, EventWithFlagsV1 = 0x208;
    public const uint EventV2 = 0x216, EventWithFlagsV2 = 0x217;
    public const uint EventV2Large = 0x221, EventWithFlagsV2Large = 0x222;

    /// <summary>Process-list version of a block type, or 0 when it is not a process list.</summary>
    public static int ProcessListVersion(uint type) => type switch
    {
        ProcessListV1 or ProcessListV1Int => 1,
        ProcessListV2 or ProcessListV2Int => 2,
        ProcessListV3 or ProcessListV3Int => 3,
        ProcessListV4 => 4, ProcessListV5 => 5, ProcessListV6 => 6,
        ProcessListV7 => 7, ProcessListV8 => 8, ProcessListV9 => 9,
        _ => 0,
    };

    public static bool IsEvent(uint type) => type is EventV1 or EventV1Int or EventWithFlagsV1
        or EventV2 or EventWithFlagsV2 or EventV2Large or EventWithFlagsV2Large;
}
