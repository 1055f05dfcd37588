import io, time, sys
from PIL import Image, ImageDraw
import pillow_heif
W, H = int(sys.argv[1]), int(sys.argv[2])
t=time.time()
img = Image.new("RGB", (W, H), (40, 90, 160))
d = ImageDraw.Draw(img)
d.rectangle((0, 0, W // 4, H // 4), fill=(255, 0, 0))
d.ellipse((W//2, H//2, W//2 + W//5, H//2 + H//5), fill=(250, 220, 0))
exif = Image.Exif(); exif[271]="samsung"; exif[272]="Galaxy S25 Ultra"; exif.get_ifd(0x8769)[36867]="2026:03:03 10:30:00"; exif.get_ifd(0x8769)[36881]="-06:00"
exif.get_ifd(0x8825).update({1: "N", 2: (19.0, 26.0, 0.0), 3: "W", 4: (99.0, 8.0, 0.0)})
print("dibujo", time.time()-t, flush=True)
hf = pillow_heif.from_pillow(img)
del img
out = io.BytesIO()
hf.save(out, quality=30, tile_size=512, exif=exif.tobytes())
print("cod", time.time()-t, len(out.getvalue()), flush=True)
open(sys.argv[3], "wb").write(out.getvalue())
