namespace Nst.Engine.Models.Safetensors;

/// <summary>Header names and element sizes of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    public static int ElementSize(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
        _ => 1,
    };

    public static string HeaderName(SafetensorsDType dtype) =>
        dtype == SafetensorsDType.Bool ? "BOOL" : dtype.ToString();

    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        if (name == "BOOL")
        {
            dtype = SafetensorsDType.Bool;
            return true;
        }

        return Enum.TryParse(name, ignoreCase: false, out dtype) && dtype != SafetensorsDType.Bool;
    }
}
