namespace Sharpdig.State;

/// <summary>The driver's PPM_CL_* thread flags the engine looks at.</summary>
public static class CloneFlags
{
    public const uint Files = 1;
    public const uint Fs = 2;
    public const uint Thread = 8192;
    public const uint Inverted = 65536;
    public const uint NameChanged = 131072;
    public const uint Closed = 262144;
    public const uint ChildInPidNs = 1u << 29;
    public const uint PipeSrc = 1u << 21;
    public const uint PipeDst = 1u << 22;
    public const uint IsMainThread = 1u << 30;
    public const uint Active = 1u << 19;
}
