-- Sample indicators for the indicator_table plugin (templates/zone-indicators.yaml).
-- Built into indicators.db at build time (samples/CMakeLists.txt); the
-- templates read that database with an `sqlite:` data entry.
--
-- SAMPLE DATA FOR DEMONSTRATION, written by hand from the five source
-- articles listed in README.md: not official statistics, not monthly
-- figures (the articles give yearly ones, so `month` is NULL throughout and
-- `ytd` holds the year's figure), not checked against primary sources.
-- Every row names its article in `source` and in the comment above it.
-- Amounts are in yuan and counts in units, as the articles state them; the
-- plugin shows them in 万/亿.

CREATE TABLE indicators (
  zone      TEXT    NOT NULL,  -- zone id, as in zones.yaml
  seq       INTEGER NOT NULL,  -- order in the table
  indicator TEXT    NOT NULL,
  indicator_en TEXT NOT NULL,
  unit      TEXT,
  unit_en   TEXT,
  month     REAL,              -- this month: no article gives one
  ytd       REAL,              -- the year's figure
  yoy       REAL,              -- year-on-year growth, %
  level     INTEGER NOT NULL DEFAULT 0,  -- 1: a sub-indicator of the row above
  note      TEXT,              -- a footnote: the article's own wording
  source    TEXT    NOT NULL,
  PRIMARY KEY (zone, seq)
);

-- 000_62b5ab4d368965e2.txt: "Chongqing's medical industry posted an output
-- growth rate of 11.9 percent last year, with 400 newly registered medical
-- products." (published 2022-05-11: "last year" is 2021)
INSERT INTO indicators VALUES ('liangjiang', 1, '医药产业产值（重庆，2021年）',
  'Medical industry output (Chongqing, 2021)', NULL, NULL, NULL, NULL, 11.9, 0, NULL,
  '000_62b5ab4d368965e2.txt');
INSERT INTO indicators VALUES ('liangjiang', 2, '新注册医药产品（重庆，2021年）',
  'Newly registered medical products (Chongqing, 2021)', '件', 'products', NULL, 400, NULL, 0,
  NULL, '000_62b5ab4d368965e2.txt');
-- 003_4c6f653c7d37b48f.txt: "The transaction volume of technology contracts
-- amounted to 100 billion yuan." (Chongqing, 13th Five-Year Plan, 2016-2020)
INSERT INTO indicators VALUES ('liangjiang', 3, '技术合同成交额（重庆，2016—2020年）',
  'Technology contract volume (Chongqing, 2016-2020)', '元', 'yuan', NULL, 100000000000, NULL, 0,
  NULL, '003_4c6f653c7d37b48f.txt');
-- 003_4c6f653c7d37b48f.txt: "Technological advancement contributed 58.6
-- percent." and "high-tech industries and strategic emerging industries
-- contributed 37.9 percent and 55.7 percent, respectively, to the city's
-- industrial growth." (Chongqing, 2016-2020)
INSERT INTO indicators VALUES ('liangjiang', 4, '科技进步对工业增长贡献率（2016—2020年）',
  'Technological advancement''s contribution to industrial growth (2016-2020)', '%', '%', NULL,
  58.6, NULL, 0, NULL, '003_4c6f653c7d37b48f.txt');
INSERT INTO indicators VALUES ('liangjiang', 5, '高技术产业', 'High-tech industries', '%', '%',
  NULL, 37.9, NULL, 1, NULL, '003_4c6f653c7d37b48f.txt');
INSERT INTO indicators VALUES ('liangjiang', 6, '战略性新兴产业', 'Strategic emerging industries',
  '%', '%', NULL, 55.7, NULL, 1, NULL, '003_4c6f653c7d37b48f.txt');
-- 004_7db9c51553339e99.txt: "By the end of 2024, nearly 200,000 enterprises
-- had settled in the development zones" (Chongqing's development zones)
INSERT INTO indicators VALUES ('liangjiang', 7, '开发区入驻企业（重庆，2024年末）',
  'Enterprises in development zones (Chongqing, end of 2024)', '家', 'enterprises', NULL, 200000,
  NULL, 0, '原文为“近20万家”。', '004_7db9c51553339e99.txt');

-- 001_5ec9a3103d8d2515.txt: "In 2020, the new area's biomedical industry
-- output value sat at 40.25 billion yuan, accounting for 64.2 percent of the
-- city's total biomedical output."
INSERT INTO indicators VALUES ('binhai', 1, '生物医药产业产值（2020年）',
  'Biomedical industry output (2020)', '元', 'yuan', NULL, 40250000000, NULL, 0, NULL,
  '001_5ec9a3103d8d2515.txt');
INSERT INTO indicators VALUES ('binhai', 2, '占天津市生物医药产值比重', 'Share of Tianjin''s biomedical output',
  '%', '%', NULL, 64.2, NULL, 1, NULL, '001_5ec9a3103d8d2515.txt');
-- 001_5ec9a3103d8d2515.txt: "The new area has gathered together more than
-- 1,500 biomedical companies" (published 2021-09-07)
INSERT INTO indicators VALUES ('binhai', 3, '生物医药企业（2021年）', 'Biomedical companies (2021)',
  '家', 'companies', NULL, 1500, NULL, 0, '原文为“超过1500家”。', '001_5ec9a3103d8d2515.txt');

-- 003_4c6f653c7d37b48f.txt: the Chengdu-Chongqing economic circle's GDP "close
-- to 7 trillion yuan in 2019"; the annual output of Sichuan's railway
-- industrial chain "exceeds 150 billion yuan"; "more than 1,800 platforms for technological
-- innovation" (Sichuan, 2016-2020)
INSERT INTO indicators VALUES ('chengdu_chongqing', 1, '地区生产总值（2019年）', 'GDP (2019)',
  '元', 'yuan', NULL, 7000000000000, NULL, 0, '原文为“近7万亿元”。', '003_4c6f653c7d37b48f.txt');
INSERT INTO indicators VALUES ('chengdu_chongqing', 2, '四川铁路产业链年产值', 'Sichuan railway industrial chain, annual output',
  '元', 'yuan', NULL, 150000000000, NULL, 0, '原文为“超过1500亿元”。', '003_4c6f653c7d37b48f.txt');
INSERT INTO indicators VALUES ('chengdu_chongqing', 3, '四川科技创新平台（2016—2020年）',
  'Sichuan technological innovation platforms (2016-2020)', '个', 'platforms', NULL, 1800, NULL, 0,
  '原文为“超过1800个”。', '003_4c6f653c7d37b48f.txt');
