/** A page view as the JS tracker sends it in a tp2 batch (~350 bytes). */
export function trackerEvent(i: number): Record<string, string> {
  return {
    e: 'pv',
    url: `https://shop.example/products/${i}?utm_source=bench`,
    page: 'Product page',
    refr: 'https://www.google.com/',
    tv: 'js-3.24.0',
    tna: 'sp',
    aid: 'bench',
    p: 'web',
    tz: 'Europe/Berlin',
    lang: 'en-US',
    cs: 'UTF-8',
    res: '1920x1080',
    cd: '24',
    cookie: '1',
    eid: `6e1b9c4e-2f2a-4b8e-9d1e-${String(i).padStart(12, '0')}`,
    dtm: '1700000000000',
    stm: '1700000000100',
    vp: '1280x720',
    ds: '1280x3000',
    vid: '1',
    sid: '0c7b3f1e-6a6b-4f7a-8b39-3a1d2c4e5f60',
    duid: 'd1c2b3a4-0000-4000-8000-000000000001',
  }
}
