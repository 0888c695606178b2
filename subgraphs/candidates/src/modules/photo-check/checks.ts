/**
 * The named checks of a head photo and of an ID card front, from the measures and the rule set's thresholds, each
 * with what the candidate should fix in Chinese (the manual's 合规检测 wording). No image work here.
 */
import type { PhotoChecks } from '@zsb/rules';
import type { PhotoCheckResult } from './photo-analyser.ts';
import type { BackgroundStats, Box, FaceGeometry, RegionStats } from './measures.ts';

/** What the worker measured of a head photo; face measures only where exactly one face was found. */
export interface HeadPhotoMeasures {
  width: number;
  height: number;
  /** Faces at or above the rules' `minFaceScore`. */
  faces: number;
  face?: {
    box: Box;
    /** The measures' frame (the image as analysed, maybe scaled down): the box is in its pixels. */
    frameWidth: number;
    frameHeight: number;
    geometry: FaceGeometry;
    /** eyeContrast(): the eyes' luminance spread over the face's. */
    eyeContrast: number;
    sharpness: number;
    exposure: RegionStats;
    background: BackgroundStats;
  };
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const percent = (share: number) => `${Math.round(share * 100)}%`;

function check(code: string, passed: boolean, message: string, measured?: number, limit?: number): PhotoCheckResult {
  return { code, passed, message, ...(measured === undefined ? {} : { measured: round(measured) }), ...(limit === undefined ? {} : { limit }) };
}

/** 照片尺寸: the province's pixel range and shape. */
export function dimensionsCheck(width: number, height: number, rules: PhotoChecks): PhotoCheckResult {
  const d = rules.dimensions;
  const sizeOk = width >= d.minWidth && height >= d.minHeight && width <= d.maxWidth && height <= d.maxHeight;
  const ratio = width / height;
  const shapeOk = d.aspectRatio === undefined || Math.abs(ratio - d.aspectRatio) <= (d.aspectTolerance ?? 0.02);
  const shape = d.aspectRatio === undefined ? '' : `、宽高比约 ${ratioText(d.aspectRatio)}`;
  const wanted = `照片尺寸应为 ${d.minWidth}×${d.minHeight} 至 ${d.maxWidth}×${d.maxHeight} 像素${shape}`;
  return sizeOk && shapeOk
    ? check('DIMENSIONS', true, `照片尺寸 ${width}×${height} 像素，符合要求。`, ratio, d.aspectRatio)
    : check('DIMENSIONS', false, `${wanted}，当前为 ${width}×${height}。`, ratio, d.aspectRatio);
}

function ratioText(ratio: number): string {
  for (const [w, h] of [[3, 4], [5, 7], [2, 3], [1, 1], [4, 5]]) if (Math.abs(ratio - w / h) < 0.005) return `${w}:${h}`;
  return ratio.toFixed(2);
}

function faceCountCheck(faces: number): PhotoCheckResult {
  if (faces === 1) return check('FACE_COUNT', true, '检测到一张人脸。', 1, 1);
  if (faces === 0) return check('FACE_COUNT', false, '未检测到人脸，请正对镜头、露出面部后重新拍摄。', 0, 1);
  return check('FACE_COUNT', false, `检测到 ${faces} 张人脸，请单人拍摄。`, faces, 1);
}

/** Every check of a head photo. Checks that need the face are listed only when exactly one face was found. */
export function headPhotoChecks(m: HeadPhotoMeasures, rules: PhotoChecks): PhotoCheckResult[] {
  const checks = [dimensionsCheck(m.width, m.height, rules), faceCountCheck(m.faces)];
  const face = m.face;
  if (m.faces !== 1 || !face) return checks;

  const heightShare = face.box.height / face.frameHeight;
  const { min, max } = rules.faceHeight;
  checks.push(
    heightShare < min
      ? check('FACE_SIZE', false, `人脸过小（约占照片高度的 ${percent(heightShare)}），请靠近镜头。`, heightShare, min)
      : heightShare > max
        ? check('FACE_SIZE', false, `人脸过大（约占照片高度的 ${percent(heightShare)}），请离镜头远一些，露出双肩。`, heightShare, max)
        : check('FACE_SIZE', true, '人脸大小合适。', heightShare, max),
  );

  const p = rules.position;
  const horizontal = Math.abs(face.box.x + face.box.width / 2 - face.frameWidth / 2) / face.frameWidth;
  const vertical = (face.box.y + face.box.height / 2) / face.frameHeight;
  checks.push(
    horizontal > p.maxHorizontalOffset
      ? check('FACE_POSITION', false, '人脸不在照片中间，请左右居中拍摄。', horizontal, p.maxHorizontalOffset)
      : vertical < p.minVerticalCentre
        ? check('FACE_POSITION', false, '人脸位置过高，请让头部位于照片中部。', vertical, p.minVerticalCentre)
        : vertical > p.maxVerticalCentre
          ? check('FACE_POSITION', false, '人脸位置过低，请让头部位于照片中部。', vertical, p.maxVerticalCentre)
          : check('FACE_POSITION', true, '人脸位置居中。', horizontal, p.maxHorizontalOffset),
  );

  const roll = Math.abs(face.geometry.rollDegrees);
  checks.push(
    roll > rules.maxRollDegrees
      ? check('HEAD_TILTED', false, `头部倾斜约 ${Math.round(roll)}°，请保持头部端正。`, roll, rules.maxRollDegrees)
      : check('HEAD_TILTED', true, '头部端正。', roll, rules.maxRollDegrees),
  );
  checks.push(
    face.geometry.yaw > rules.maxYaw
      ? check('HEAD_TURNED', false, '头部偏向一侧，请正面朝向镜头。', face.geometry.yaw, rules.maxYaw)
      : check('HEAD_TURNED', true, '正面朝向镜头。', face.geometry.yaw, rules.maxYaw),
  );
  const eyesShut = face.geometry.eyeOpenness < rules.minEyeOpenness;
  const eyesHidden = face.eyeContrast < rules.minEyeContrast;
  checks.push(
    eyesShut || eyesHidden
      ? check(
          'EYES_NOT_VISIBLE',
          false,
          '未能看清双眼，请睁开双眼平视镜头，不要遮挡眼睛或佩戴有色眼镜。',
          eyesShut ? face.geometry.eyeOpenness : face.eyeContrast,
          eyesShut ? rules.minEyeOpenness : rules.minEyeContrast,
        )
      : check('EYES_NOT_VISIBLE', true, '双眼睁开、清晰可见。', face.eyeContrast, rules.minEyeContrast),
  );

  const bg = rules.background;
  const dark = face.background.lightness < bg.minLightness;
  const busy = face.background.clutter > bg.maxClutter;
  checks.push(
    dark && busy
      ? check('BACKGROUND', false, '背景不是浅色纯色，请在白色或浅色、无杂物的背景前拍摄。', face.background.lightness, bg.minLightness)
      : dark
        ? check('BACKGROUND', false, '背景颜色过深，请在白色或浅色背景前拍摄。', face.background.lightness, bg.minLightness)
        : busy
          ? check('BACKGROUND', false, '背景不是纯色，请在无杂物的纯色浅色背景前拍摄。', face.background.clutter, bg.maxClutter)
          : check('BACKGROUND', true, '背景为浅色纯色。', face.background.lightness, bg.minLightness),
  );

  checks.push(
    face.sharpness < rules.minSharpness
      ? check('BLURRED', false, '照片模糊，请对焦并保持手机稳定后重新拍摄。', face.sharpness, rules.minSharpness)
      : check('BLURRED', true, '照片清晰。', face.sharpness, rules.minSharpness),
  );

  const ex = rules.exposure;
  const clippedDark = face.exposure.clipped > ex.maxClipped && face.exposure.mean < 128;
  const clippedBright = face.exposure.clipped > ex.maxClipped && face.exposure.mean >= 128;
  checks.push(
    face.exposure.mean < ex.minMean || clippedDark
      ? check('TOO_DARK', false, '光线过暗，面部看不清，请在光线充足、均匀的地方拍摄。', face.exposure.mean, ex.minMean)
      : check('TOO_DARK', true, '面部亮度合适。', face.exposure.mean, ex.minMean),
  );
  checks.push(
    face.exposure.mean > ex.maxMean || clippedBright
      ? check('TOO_BRIGHT', false, '光线过亮或曝光过度，请避免强光直射面部。', face.exposure.mean, ex.maxMean)
      : check('TOO_BRIGHT', true, '面部未过曝。', face.exposure.mean, ex.maxMean),
  );
  return checks;
}

/** The ID card front: exactly one portrait on it. */
export function idCardChecks(faces: number): PhotoCheckResult[] {
  if (faces === 1) return [check('ID_CARD_FACE', true, '已识别身份证上的人像。', 1, 1)];
  if (faces === 0) return [check('ID_CARD_FACE', false, '未能在身份证正面照片中识别到人像，请拍摄清晰、完整、无反光的身份证正面。', 0, 1)];
  return [check('ID_CARD_FACE', false, `身份证正面照片中检测到 ${faces} 张人像，请只拍摄身份证本身。`, faces, 1)];
}
