namespace Sharpdig.Events;

/// <summary>The event schema, indexed by event type code. Built once from the generated rows.</summary>
public static partial class EventTable
{
    /// <summary>sysdig 0.29.3 knows codes below this; records at or above it are skipped by the reader.</summary>
    public const int LegacyEventMax = 336;

    private static readonly EventInfo[] s_all = BuildAll();

    public static ReadOnlySpan<EventInfo> All => s_all;
    public static int Count => s_all.Length;

    public static EventInfo Get(int code) => s_all[code];

    public static bool TryGet(int code, out EventInfo info)
    {
        if ((uint)code < (uint)s_all.Length) { info = s_all[code]; return true; }
        info = null!;
        return false;
    }

    /// <summary>Whether sysdig 0.29.3 would deliver a record of this type (it drops newer codes).</summary>
    public static bool IsKnownToLegacyReaders(int code) => (uint)code < LegacyEventMax;

    /// <summary>Well-known event codes the engine dispatches on.</summary>
    public static class Codes
    {
        public const int GenericE = 0, GenericX = 1;
        public const int OpenE = 2, OpenX = 3, CloseE = 4, CloseX = 5;
        public const int ReadE = 6, ReadX = 7, WriteE = 8, WriteX = 9;
        public const int SchedSwitch = 152;
        public const int ProcInfoE = 234, ProcInfoX = 235;
        public const int ContainerE = 228, ContainerX = 229;
        public const int ContainerJsonE = 272, ContainerJsonX = 273;
        public const int ContainerJson2E = 324, ContainerJson2X = 325;
        public const int PluginEventE = 322;
    }
}
