namespace Latent.IO;

/// <summary>The element types of the safetensors format that Latent can read (every one is converted to float).</summary>
public enum SafeTensorDType
{
    /// <summary>64-bit IEEE float ("F64").</summary>
    F64,

    /// <summary>32-bit IEEE float ("F32"), the type Latent writes.</summary>
    F32,

    /// <summary>16-bit IEEE half float ("F16").</summary>
    F16,

    /// <summary>bfloat16 ("BF16"): the upper 16 bits of a float.</summary>
    BF16,

    /// <summary>64-bit signed integer ("I64").</summary>
    I64,

    /// <summary>32-bit signed integer ("I32").</summary>
    I32,

    /// <summary>16-bit signed integer ("I16").</summary>
    I16,

    /// <summary>8-bit signed integer ("I8").</summary>
    I8,

    /// <summary>8-bit unsigned integer ("U8").</summary>
    U8,

    /// <summary>Boolean stored as one byte ("BOOL").</summary>
    Bool,
}
