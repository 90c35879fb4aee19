using Nst.Engine.Imaging;
using Nst.Engine.Tensors;
using Xunit;

namespace Nst.Engine.Tests.Imaging;

public class ImageTensorTests
{
    [Fact]
    public void ToTensor_Image_IsOneByThreeByHByWInPlaneOrder()
    {
        var image = ImageFixtures.Smooth(7, 5);

        using var tensor = ImageTensor.ToTensor(image);

        Assert.Equal((1, 3, 5, 7), (tensor.N, tensor.C, tensor.H, tensor.W));
        Assert.Equal(image.Channel(1)[(2 * 7) + 3], tensor.Span[(1 * 35) + (2 * 7) + 3]);
        Assert.Equal(image.Pixels, tensor.ToArray());
    }

    [Fact]
    public void FromTensor_ValuesOutOfRange_AreClamped()
    {
        using var tensor = Tensor.FromArray([-0.5f, 0.25f, 1.5f, float.NaN, 0f, 1f], 1, 3, 1, 2);

        var image = ImageTensor.FromTensor(tensor, alpha: [1f, 0.5f]);

        Assert.Equal([0f, 0.25f, 1f, 0f, 0f, 1f], image.Pixels);
        Assert.Equal([1f, 0.5f], image.Alpha!);
        Assert.Equal((2, 1), (image.Width, image.Height));
    }

    [Fact]
    public void FromTensor_WrongShape_Throws()
    {
        using var tensor = new Tensor(1, 4, 2, 2);
        Assert.Throws<ArgumentException>(() => ImageTensor.FromTensor(tensor));
    }

    [Fact]
    public void TensorRoundTrip_ThenEncode_RoundsToNearest()
    {
        // 0.5/255 above and below each 8-bit level must encode to that level (nearest, not truncation).
        var values = new float[3 * 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ((i * 20) + (i % 2 == 0 ? 0.49f : -0.49f) + 1) / 255f;
        }

        using var tensor = Tensor.FromArray(values, 1, 3, 2, 2);
        var decoded = ImageCodec.Decode(ImageCodec.Encode(ImageTensor.FromTensor(tensor), ImageFormat.Png));

        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal((i * 20) + 1, (int)MathF.Round(decoded.Pixels[i] * 255f));
        }
    }
}
