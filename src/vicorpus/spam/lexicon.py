"""Term lists for Vietnamese web spam, written in the folded form that is matched.

Every term is what :func:`vicorpus.spam.folding.fold_for_matching` makes of the
phrase: lower case ASCII, no diacritics, ``đ`` as ``d``, syllables apart by one space
(``"nhà cái"`` is ``"nha cai"``). The matcher also accepts the syllables glued
(``nhacai``) or joined by ``. _ - * + ~ | /``.

Where the lists come from: written for this project from the vocabulary of Vietnamese
SEO spam as it appears on betting, adult, instant-loan and scam landing pages and
doorway pages (game and bet types, betting jargon, sign-up and deposit calls to action,
loan approval promises, fake papers and engagement for sale), and from the vocabulary
of the texts that must NOT be flagged:
police and court news, laws and decrees (Bộ luật Hình sự 2015, Điều 321 tội đánh bạc,
Điều 322 tội tổ chức đánh bạc; Nghị định 06/2017/NĐ-CP on sports betting, Nghị định
03/2017/NĐ-CP on casinos), bank news and health education. No list was copied from
another project.

Folding merges words: ``lô đề`` and ``lo để`` ("in order to worry about") are both
``lo de``; ``cá độ`` and ``ca do`` ("a case due to") are both ``ca do``; ``bán cá``
(selling fish) is ``ban ca`` like ``bắn cá`` (the fish-shooting game); ``lồn``,
``cặc``, ``buồi`` fold to ``lon``, ``cac``, ``buoi`` like "big", "the (plural)",
"session". Such words appear here only inside longer phrases that cannot be anything
else (``danh lo de``, ``ca do bong da``, ``ban ca doi thuong``).

Checked against real clean text (the first 5,000 baomoi news articles and 2,000
Vietnamese Wikipedia articles): terms that matched there as ordinary words were removed
or lengthened — "dàn đề" (= "dân đề nghị"), "đổi thưởng" alone, "đặt cược" alone (the
legal term of Nghị định 06/2017), "cuộc thử", "băng keo", "bao lô", "bát họ" alone,
"không thế chấp" (= "không thể chấp nhận"), "khỏa thân", "xxx" alone, "lô hàng",
"dân lo", "chốt sổ", and the brand "b52" (the bomber).

The terms added on 2026-11-24 (tipsters' "nuôi khung" and "dàn 10 số", escort-ad and
loan-app vocabulary, the English betting, webcam and loan words) match none of the
167,657 clean texts of ``../shared/data`` (baomoi, Wikipedia, VNTC train and test,
ViHSD, UIT-VSFC), except "gái dịch vụ" (2 news articles quoting it), "bookmaker" (1
match report) and "live cam" (1). Left
out for what they match there: "đi khách" (112: "đi khách sạn"), "tắm tiên" (82, also a
commune's name), "qua đêm" (525), "phòng riêng" (209), "kết thúc có hậu" (42), "về bờ"
(893), "đỏ đen" (1,635), "vào số" (564), "báo số" (519), "đảo nợ" (52: "anh đào nở"),
"cầm xe" (154: "cấm xe"), "cầm đăng ký xe" (17: "cấm đăng ký xe"), "bốc họ" (7),
"happy ending" (4), "show riêng" (23), "nhận khách" (166), "check hàng" (shops). Some of
these count since 2026-11-25 as ``ADULT_CODED_TERMS``, only two or more on one page.
"""

from __future__ import annotations

from typing import Final

# Betting and gambling as sold: game types, bet jargon, betting-site vocabulary. Words
# that police news uses for the same acts ("đánh bạc", "tổ chức đánh bạc", "sòng bạc")
# are in REPORTING_TERMS instead: spam never calls its product "đánh bạc".
GAMBLING_TERMS: Final = (
    # the bookmaker and the bet
    "nha cai", "nha cai uy tin", "nha cai truc tuyen", "ca cuoc", "ca cuoc bong da", "ca cuoc the thao",
    "ca cuoc truc tuyen", "ca cuoc online", "dat cuoc ngay", "ca do bong da", "ca do online", "ca do the thao",
    "ca do truc tuyen",
    # odds ("kèo" folds to "keo", like "kéo" pull and "kẹo" candy: only in phrases)
    "keo nha cai", "ty le keo", "soi keo", "keo bong da", "keo chau a", "keo chau au", "keo tai xiu", "keo rung",
    "keo chap", "nhan dinh keo", "keo thom", "tip bong da",
    # casino games
    "casino online", "casino truc tuyen", "song bai online", "live casino", "baccarat", "roulette", "blackjack",
    "poker online", "xoc dia", "xoc dia online", "tai xiu", "tai xiu online", "rong ho online", "bau cua online",
    "slot game", "game slot", "no hu", "quay hu", "game no hu", "no hu doi thuong", "game doi thuong",
    "cong game doi thuong", "game bai", "game bai doi thuong", "danh bai online", "bai doi thuong", "ban ca doi thuong",
    "game ban ca", "ban ca an tien", "da ga online", "da ga truc tuyen", "da ga thomo", "xo so online", "the thao ao",
    "sam loc", "tien len mien nam", "mau binh online", "sicbo", "xi dach", "danh phom",
    # cockfights streamed from Cambodia and bet on ("đá gà Thomo")
    "da ga truc tiep", "xem da ga", "cuoc ga", "sanh da ga", "da ga cua sat", "da ga cua dao", "da ga campuchia",
    # the numbers game ("lô đề") and its tipsters
    "danh lo de", "choi lo de", "lo de online", "lo de truc tuyen", "ghi lo de", "lo de mien bac", "lo xien",
    "lo bach thu", "bach thu lo", "lo kep", "dan de 10 so", "dan de 20 so", "dan de 36 so", "dan de 50 so",
    "dan de 64 so", "de dau duoi", "de 3 cang", "3 cang", "soi cau", "soi cau lo de", "cau lo", "du doan xo so",
    "du doan ket qua xo so", "du doan xsmb", "du doan xsmn", "du doan xsmt", "du doan vietlott", "chot lo",
    "song thu lo", "song thu de", "bach thu de", "lo 2 nhay",
    # tipsters' own words: a "frame" of days a number is bet on, sets of numbers sold together
    "nuoi khung", "dan 10 so", "dan 20 so", "dan 36 so", "dan 50 so", "dan 64 so",
    # "cầu bệt" (a streak of one side), what baccarat and tài xỉu tipsters sell
    "cau bet",
    # the same trade in the English words that Vietnamese betting pages mix in
    "sportsbook", "online casino", "betting", "bookmaker",
    # "chẵn lẻ" (odd or even) on the last digit of a Momo transfer: a betting game sold on social media,
    # its rule ("số cuối mã giao dịch"), abbreviations and hashtags ("CLTX" chẵn lẻ tài xỉu,
    # #taixiumomo; "#chanlemomo" is "chan le momo" glued): none in the 167,657 clean texts (2026-11-25;
    # "clmm" is left out, an insult in comments)
    "chan le momo", "chan le online", "so cuoi ma giao dich", "cltx", "taixiumomo",
)  # fmt: skip

# Token endings of betting-site brand names (fb88, w88, sv388, kubet, 789bet, sunwin):
# a prefix of letters and digits glued to one of these. "88" also covers "888".
BRAND_ENDINGS: Final = ("88", "bet", "win")
# Names of gambling sites and game portals, seen in Vietnamese gambling ads and in police
# news, that do not end that way. The test pages use made-up names instead.
BRAND_NAMES: Final = ("bk8", "hitclub", "rikvip", "manclub", "okvip", "789club", "68gamebai")
# Words and names with a brand ending, found in Vietnamese Wikipedia and news (all
# 43,000 texts of ../shared/data were scanned; the ones found twice or more are here).
NOT_BRANDS: Final = (
    "alphabet", "sherbet", "gibbet", "abet", "quodlibet", "courbet", "loubet", "tibet", "twin", "darwin", "edwin",
    "erwin", "irwin", "baldwin", "godwin", "goodwin", "unwin", "corwin", "sherwin", "marwin", "selwin", "alwin",
    "elwin", "bowin", "kelwin", "lewin", "gladwin", "chadwin", "neowin", "gershwin", "kawin", "techwin", "lwin",
    "aylwin", "urwin", "newin", "kerwin", "thanlwin", "khirbet", "naruebet", "cobet", "turbet", "lebet", "bhubet",
    "nekhbet", "alfabet", "alefbet", "arpabet", "nisbet",
)  # fmt: skip

# Pornography and prostitution as sold. Health and sex-education words ("tình dục",
# "giới tính", "bao cao su", "quan hệ") are not here: they are what health articles use.
ADULT_TERMS: Final = (
    "phim sex", "phim heo", "phim nguoi lon", "phim cap 3", "phim jav", "jav", "jav vietsub", "phim xxx", "video xxx",
    "jav khong che", "phim khong che", "sex khong che", "clip khong che", "sex", "sex viet", "sex viet nam",
    "sex trung quoc", "sex nhat ban", "sex hay", "sex moi", "clip sex", "video sex", "anh sex", "truyen sex",
    "truyen nguoi lon", "chat sex", "web sex", "porn", "porno", "hentai", "gai goi", "gai goi cao cap", "gai bao",
    "gai xinh khoa than", "clip lo hang", "clip nong", "phim dit", "dit nhau", "thuoc kich duc", "massage kich duc",
    "sextoy", "camsex", "live sex", "sex show", "show hang", "sex tape", "nude", "anh nude", "clip 18+", "phim 18+",
    "link 18+", "onlyfans", "only fans", "massage body", "kich duc",
    # sex dating
    "tim ban tinh", "ban tinh mot dem", "tinh mot dem", "hen ho nguoi lon", "sugar baby", "sugar daddy",
    # escort and "massage" ads: "nhận đi khách" (goes to the client), "giá shot" (price per
    # time), "không tiếp khách hỏi chơi" (no time-wasters), "full dv" (every service), "gái
    # alo" (call girl), massage names that only sex services use, and leaked-clip bait
    "nhan di khach", "gia shot", "khach hoi choi", "full dv", "full dich vu", "gai alo", "gai dich vu",
    "massage nuru", "massage yoni", "massage lingam", "clip leak", "leak clip", "1 shot",
    # paid webcam shows ("show nóng", "live 18+": none in the clean texts, 2026-11-25)
    "private show", "cam2cam", "live cam", "show nong", "live 18+",
)  # fmt: skip

# The euphemisms and slang of escort, "massage", webcam and leaked-clip ads, which alone
# are ordinary words: "kết thúc có hậu" and "happy ending", "tắm tiên" and "tắm chung"
# (bathing with the girl), "chiều khách" (pleasing the client), "chỉ tiếp khách nam", "kỹ
# thuật viên trẻ", "em út" and "tàu nhanh" (a girl, a quick one), "shot" (one time),
# "hẹn hò qua đêm", "đi chơi qua đêm", "nhận gặp", "cam girl", "18+", "xem cam", "tắm
# live", "phòng private", "ảnh riêng tư", "show riêng", "chọn em", "em phục vụ", "full
# sv" (every service), "lộ clip", "clip full", "quay lén". They count as adult terms only
# on a page that holds at least ``signals.MIN_CODED_TERMS`` different ones (one inside an
# adult term, "shot" in "1 shot", "18+" in "clip 18+", counts once, as that term). Texts of the
# 167,657 clean ones of ../shared/data that hold each (baomoi, Wikipedia, VNTC train and
# test, ViHSD, UIT-VSFC; 2026-11-25): "tắm chung" 146 (bathing children), "em út" 127 (the
# youngest sibling), "tàu nhanh" 83 (express trains), "tắm tiên" 82, "xem cam" 80 ("xem
# cấm"), "nhận gặp" 78, "quay lén" 77 (news), "shot" 66, "kết thúc có hậu" 42 (films),
# "chiều khách" 34 (shops), "show riêng" 23 (a singer's own show), "18+" 16 (film
# ratings), "lộ clip" 16, "ảnh riêng tư" 11, "đi chơi qua đêm" 9, "em phục vụ" 8, "chọn
# em" 7, "happy ending" 4, "massage kích thích" 4, "kỹ thuật viên trẻ" 4, "chỉ tiếp khách
# nam" 2, "ưa chiều" 2, "full clip" 1, "phòng private" 1, the others none. Left out for the
# pages that sell ordinary things with them: "hàng mới về" and "check hàng" (every shop),
# "body chuẩn" and "sexy" (fashion and gyms), "qua đêm", "nhà nghỉ", "nhận khách" and
# "phòng riêng" (hotels and motels), and "chất nóng" for "chat nóng" (25), "kín đáo", "quý
# ông", "em gái", "gái xinh", "hẹn gặp", "đi tour", "đi khách" and "không che" (folded like
# "khống chế", 2,270). Added later the same day, from what webcam apps and comment spam
# write: "video call riêng tư", "gọi video riêng tư", "call video" (none) and "clip
# riêng" (4: news on leaked private clips); and the bait of comment spam: "link bio",
# "link ở bio", "link trong bio", "trang cá nhân em", "phòng chat riêng", "full không che"
# (none; "không che" alone folds like "khống chế", "2k5"/"2k6" are school years in
# education news, "chat riêng" 58 and "ảnh nóng" 128 are news words).
ADULT_CODED_TERMS: Final = (
    "ket thuc co hau", "happy ending", "tam tien", "tam chung", "massage kich thich", "chieu khach",
    "tiep khach nam", "ky thuat vien tre", "em ut", "tau nhanh", "hen ho qua dem", "di choi qua dem", "cam girl",
    "18+", "xem cam", "anh rieng tu", "ua chieu", "full sv", "chon em", "show rieng", "em phuc vu", "nv nu tre",
    "nhan vien nu tre",
    "shot", "lo clip", "clip full", "full clip", "phong private", "quay len", "tam live", "nhan gap",
    "video call rieng tu", "goi video rieng tu", "call video", "clip rieng", "link bio", "link o bio",
    "link trong bio", "trang ca nhan em", "phong chat rieng", "full khong che",
    "ktv nu tre", "ktv nu", "goi video rieng", "app live",
)  # fmt: skip

# Instant loans as sold: speed, no checks, ID card only, bad credit accepted. The
# vocabulary of bank news ("lãi suất cho vay", "dư nợ", "tín dụng") is not here.
LOAN_TERMS: Final = (
    "vay tien nhanh", "vay tien online", "vay online", "vay nhanh", "vay tien gap", "vay gap", "vay cap toc",
    "vay nong", "vay tien mat nhanh", "vay qua app", "app vay", "app vay tien", "ung dung vay tien", "ung dung vay",
    "vay tien qua app", "vay tien 24h", "vay 24h", "vay tin chap online", "khong can tham dinh", "khong tham dinh",
    "khong can the chap", "khong can chung minh thu nhap", "chi can cmnd", "chi can cccd", "chi can can cuoc",
    "chi can cmt", "no xau van vay", "no xau van vay duoc", "ho tro no xau", "bao no xau", "vay khong can giay to",
    "giai ngan nhanh", "giai ngan trong ngay", "giai ngan ngay", "duyet nhanh", "duyet ho so nhanh", "duyet vay nhanh",
    "duyet trong 5 phut", "vay lan dau", "vay 0%", "vay theo luong", "vay bat ho", "boc bat ho", "cho vay bat ho",
    "vay tien trong ngay", "nhan tien ngay", "vay tien de dang", "vay sieu toc",
    # the same in the shorthand of social-media posts ("k"/"ko" for "không")
    "k can tham dinh", "ko can tham dinh", "k tham dinh", "ko tham dinh", "k can the chap", "ko can the chap",
    "khong can gap mat", "k can gap mat", "ko can gap mat", "ho tro tai chinh nhanh", "no xau van ho tro",
    # cash taken out of a credit card for a fee, sold as quick money
    "rut tien the tin dung", "rut tien mat the tin dung", "dao han the tin dung",
    # pawn loans on a vehicle's registration papers ("cà vẹt"), the vehicle left with the borrower
    "cam do online", "vay bang dang ky xe", "ca vet xe", "cavet xe", "khong giu xe",
    "khong can bao lanh",
    # the loan-app trade's words: borrowing on a citizen ID card ("cầm cccd"), rolling one
    # app's debt into another ("đảo nợ app", "nợ app"), "không check CIC" (no credit-bureau
    # check), "làm đẹp hồ sơ" (dressing up the file), "không gọi tham chiếu" (no calls to
    # references), daily-repayment loans ("vay góp ngày")
    "vay app", "no app", "dao no app", "cam cccd", "vay cccd", "vay theo cccd", "vay bang cccd", "check cic",
    "lam dep ho so", "khong goi tham chieu", "khong tham chieu", "ko tham chieu", "k tham chieu", "vay gop ngay",
    "cam ca vet", "cam cavet", "khong can giu xe", "ko can giu xe", "k can giu xe", "cam giay to xe",
    "khong can cic", "ko can cic", "k can cic", "van vay duoc", "lai tinh theo ngay",
    # credit-record "cleaning" and debt roll-over sold as services: "xóa nợ xấu", "xóa CIC",
    # "đảo nợ ngân hàng", "đáo hạn khoản vay" (in none of the 167,657 clean texts but one
    # bank article's "không phải để xóa nợ xấu ngân hàng"; counted 2026-11-25)
    "xoa no xau", "xoa cic", "xoa lich su tin dung", "xoa lich su no xau", "dao no ngan hang", "ho tro dao no",
    "dich vu dao no", "dao han ngan hang", "dao han khoan vay",
    # bad-debt classes named to the borrower ("nợ xấu nhóm 3, 4, 5 vẫn vay"): none in the clean texts
    "no xau nhom",
    # card "roll-over" for a fee ("đáo hạn thẻ", "phí đáo hạn"): none in the clean texts
    # (counted 2026-11-25, from the spam check batches V and W)
    "dao han the", "phi dao han",
    # and in the English words loan-app pages mix in
    "payday loan", "cash loan", "quick loan", "fast loan", "instant loan", "loan app", "no credit check",
    "instant approval", "bad credit",
)  # fmt: skip

# Scams and gray-market services as sold on Vietnamese pages, forums and social media:
# fake diplomas and papers ("làm bằng đại học", "bằng thật 100%"), likes, followers and
# views for sale ("tăng like", "buff follow"), Facebook and ad accounts for sale ("via
# fb", "clone fb", "tkqc", "bm350"), task scams ("nhiệm vụ vip", "chốt đơn ảo", "việc
# nhẹ lương cao"), bank accounts bought or rented, hacking and phone-spying services, and
# "recovering" scammed money for a fee. Every author of the spam check batches J-M wrote
# such pages when asked for contact and doorway spam. Texts of the 167,657 clean ones of ../shared/data that
# hold each (counted 2026-11-25): "làm bằng giả" 11 and "việc nhẹ lương cao" 7 (police
# news, with its reporting terms), "tăng view" 4, "làm bằng tốt nghiệp" 2, "bán bằng đại
# học" 2, "tăng like" 2, "làm bằng đại học", "làm bằng lái giả", "làm chứng chỉ ngoại
# ngữ", "tăng lượt theo dõi", "hack like" 1 each (news on fake-diploma rings and click
# farms), the others none. Left out for what they match there: "làm bằng" alone (1,230:
# "làm bằng tay"), "làm chứng chỉ" (4), "phôi thật" (12: "phơi thật khô"), "đơn ảo" (10:
# "dọn áo"), "thả tim" (20), "bán via" (6: "buôn bán vỉa hè"), "acc clone" (8 comments),
# "tăng tương tác" (5), "hoàn gốc" (1: "hoangoc", glued), "nhận nhiệm vụ" (an official's
# assignment), "làm giấy tờ giả" (26, police news), and recruitment words ("tuyển CTV
# online", "cộng tác viên"), which honest shops use.
SCAM_TERMS: Final = (
    # fake diplomas, certificates and papers
    "lam bang dai hoc", "lam bang cap 3", "lam bang cao dang", "lam bang trung cap", "lam bang thac si",
    "lam bang tot nghiep", "lam bang gia", "lam bang that", "mua bang dai hoc", "ban bang dai hoc", "bang that 100%",
    "phoi bang that", "lam cccd gia", "lam cmnd gia", "lam bang lai gia", "lam chung chi tieng anh",
    "lam chung chi ngoai ngu",
    # likes, followers and views for sale
    "tang like", "tang follow", "tang view", "tang mat livestream", "tang mat live", "buff like", "buff follow",
    "buff view", "buff mat", "mua like", "ban like", "mua follow", "tang sub", "tang subscribe", "tang luot theo doi",
    "hack like", "hack follow", "buy followers", "buy likes", "buy views",
    # Facebook and advertising accounts for sale
    "via fb", "via viet", "via xmdt", "clone fb", "ban clone", "tkqc", "bm50", "bm350", "ban bm",
    "ban tai khoan quang cao",
    # task scams: paid "tasks" that end with a deposit never returned
    "nhiem vu vip", "lam nhiem vu nhan hoa hong", "chot don ao", "tha tim nhan tien", "xem video kiem tien",
    "danh gia san pham nhan tien", "like dao", "viec nhe luong cao",
    # bank accounts and cards bought or rented (for laundering scam money), hacking and
    # spying on phones and accounts, and "recovering" scammed money for a fee (in none of
    # the clean texts; "hack nick" 3, "định vị điện thoại" 3 and "lấy lại tài khoản" 2 are
    # news, left out)
    "thu mua tai khoan ngan hang", "thue tai khoan ngan hang", "mua tai khoan ngan hang", "ban tai khoan ngan hang",
    "thu mua the atm", "mua the atm", "hack facebook", "hack fb", "hack zalo", "hack mat khau", "doc trom tin nhan",
    "theo doi dien thoai tu xa", "lay lai tien bi lua", "ho tro lay lai tien", "thu hoi tien bi lua",
    # from the scam pages batches N-S missed (2026-11-25, evening): trading-signal and
    # "VIP" groups ("nhóm tín hiệu", "tín hiệu VIP", "copy trade", "winrate"), task jobs
    # ("kiếm tiền online", "hoàn lại tiền gốc"), SIMs and OTP codes for hire ("nhận OTP"),
    # money "recovery" ("truy vết dòng tiền"). None in the 167,657 clean texts, whose news
    # ends in 2017 (a police warning among the clean check pages traces money flows too);
    # left out for what they match there or on the clean check pages: "làm nhiệm vụ"
    # (1,336), "nhận nhiệm vụ" (298), "lấy lại tiền" (31), "thu hồi tiền" (28), "bao lỗ" (49),
    # "signal" (49), "nhóm kéo" (15), "mã OTP", "cho thuê tài khoản" and "chuỗi nhiệm vụ"
    # (bank and police warnings), "tuyển CTV" (honest shops)
    "nhom vip", "tin hieu vip", "nhom tin hieu", "copy trade", "winrate", "win rate", "kiem tien online",
    "hoan lai tien goc", "nhan otp", "truy vet dong tien",
    # bank accounts bought in the short form of posts ("thu mua tk", "tk chính chủ"): none
    # in the clean texts (2026-11-25, from batches V and W)
    "thu mua tk", "mua lai tk", "thue lai tk", "tk chinh chu", "tai khoan chinh chu",
)  # fmt: skip

# The words of scam offers that alone are ordinary (the scam pages of the check batches
# paraphrase, and police and bank warnings name the same acts): task jobs' "thả tim",
# "chụp màn hình", "tăng tương tác", "việc làm online", "kiếm thêm thu nhập", "mẹ bỉm
# sữa", "hoàn gốc"; trading and crypto groups' "forex", "KYC", "nhóm Zalo", "cam kết lợi
# nhuận"; money "recovery"'s "truy vết", "tỷ lệ thành công"; fake papers' "hồ sơ gốc".
# They count as scam terms only on a page that holds at least ``signals.MIN_CODED_TERMS``
# different ones (one inside a scam term counts once, as that term), as the coded adult
# terms do. Texts of the 167,657 clean ones that hold each (2026-11-25): "chụp màn hình"
# 164, "tỷ lệ thành công" 91, "kiếm thêm thu nhập" 82, "mẹ bỉm sữa" 45, "hồ sơ gốc" 27,
# "thả tim" 20, "truy vết" 7, "tăng tương tác" 5, "forex" 3, "KYC" and "cam kết lợi
# nhuận" 2, "việc làm online" and "làm việc online" 1, the others none. Left out for
# the honest job ads, shops and classifieds that use them (40 such pages written for the
# check, batch Z of ``bench/spam_check_pages.jsonl``): "không cần kinh nghiệm", "không mất
# phí", "làm tại nhà", "kiểm tra rồi mới thanh toán" (cash on delivery), "chính chủ"
# (property and vehicle papers), "ví điện tử", "phí hồ sơ" (bank loans: "phí hồ sơ 0đ").
SCAM_CODED_TERMS: Final = (
    "tha tim", "chup man hinh", "tang tuong tac", "viec lam online", "lam viec online", "kiem them thu nhap",
    "me bim sua", "hoan goc", "forex", "kyc", "nhom zalo", "cam ket loi nhuan", "truy vet", "ty le thanh cong",
    "ho so goc",
)  # fmt: skip

# Jargon of the numbers game whose folded form is an everyday phrase, so it is matched
# with its diacritics instead (``vicorpus.spam.accented``; written without them it
# cannot be told from the phrase): "lô về" ("the number came out", folded "lo ve" like
# "lo về", to worry about), "chốt số" (folded like "chốt sổ", to close the books),
# "nuôi lô" (betting a number day after day; "nuôi lo"), "lô gan" (a number that has
# not come out for long), "lô đẹp", "dàn lô". Counted in the 35,440 baomoi articles,
# 7,862 Wikipedia articles and 33,759 VNTC train articles as written: "chốt số" in 3
# ("chốt số liệu"), the others never. Left out for what they match there as written:
# "dàn đề" ("dàn đề 20 số" is a folded term already), "nuôi đề" ("chăn nuôi đề nghị",
# once), "đề về" ("vấn đề về", 908), "số đề" ("một số đề án", 78), "con đề" ("vợ con
# đề huề"), "đánh đề" and "ghi đề" (police news, 43), "bạch thủ" ("biện bạch thủ
# tướng"), "cặp số" (lottery news, 17).
ACCENTED_GAMBLING_TERMS: Final = ("lô về", "chốt số", "nuôi lô", "lô gan", "lô đẹp", "dàn lô")
# Calls to action that fold into news words: "nhận ngay" ("nhân ngày", on the occasion
# of) and "tặng ngay" ("tăng ngay", to rise at once). As written they occur in 60 and 20
# of those 77,061 articles ("cảm nhận ngay", "được tặng ngay một vé"), which is why they
# count, like every call to action, only beside topic terms. "tải ngay" is left out:
# "xe bán tải ngay trong năm" (13).
ACCENTED_PROMOTION_TERMS: Final = ("nhận ngay", "tặng ngay")

# Calls to action and offers: sign up, deposit, bonus, "trusted", download, contact.
# Ordinary news uses some of them ("đăng ký", "miễn phí", "ưu đãi"); they count only
# next to the topic terms above. Left out because news uses them all the time, or
# because folding makes them news words: "số 1", "chính thức", "nhanh chóng", "cam kết",
# "thắng lớn", "kiếm tiền", "cực nhanh", "thành viên mới"; "tải ngay" (= "tại ngày"),
# "nhận ngay" (= "nhân ngày"), "tặng ngay" (= "tăng ngay"), "không che" (= "khống chế").
PROMOTION_TERMS: Final = (
    "dang ky", "dang ky ngay", "dang ky tai khoan", "mo tai khoan", "nap tien", "rut tien", "nap rut", "nap dau",
    "khuyen mai", "khuyen mai nap dau", "hoan tra", "hoan tien", "thuong nap", "tang code", "giftcode", "code tan thu",
    "link vao", "link dang ky", "link moi nhat", "link chinh thuc", "link xem", "link tai", "link du phong", "tai app",
    "tai ung dung", "uy tin", "uy tin nhat", "top nha cai", "trang chu chinh thuc", "ho tro 24/7", "24/7", "cskh",
    "cham soc khach hang", "giao dich nhanh", "rut tien nhanh", "mien phi", "uu dai", "click ngay", "truy cap ngay",
    "xem ngay", "xem mien phi", "xem online", "full hd", "vietsub", "lien he", "lien he ngay", "an tien that",
    "kiem tien online", "bonus", "vip", "bao mat tuyet doi", "thu tuc don gian", "lai suat thap", "lai suat 0%",
    "gia re", "hoan toan mien phi", "goi ngay", "khong quang cao", "nhom kin", "tan thu", "nhap code", "nhan code",
    "lay code", "code free", "link game", "theo link", "free spin", "freebet",
    # a link broken on purpose, and the promise of money paid out (none in the clean texts,
    # 2026-11-25)
    "bo dau cach", "bo khoang trang", "nhan tien ve tai khoan",
)  # fmt: skip

# Ways to be contacted. Phone numbers, links and domains are patterns in ``signals``.
CONTACT_TERMS: Final = ("zalo", "telegram", "viber", "hotline", "sdt", "so dien thoai", "inbox", "fanpage")
# Their short forms in posts and comments ("zl: 09…", "ib em", "tele: @handle"), matched as
# written: with the terms' stand-ins for vowels "ib" would also be "1b" (Quốc lộ 1B) and
# "tele" "t3l3"; "tele" only before ":", "@" or "/", not in "tele sale". "zl" and "ib" are
# in 1 and 110 of the 167,657 clean texts (comments that say "ib" to shops); like every
# contact they count beside topic terms, or with 3+ phone numbers (counted 2026-11-25).
CONTACT_SHORT_FORMS: Final = ("zl", "ib", "tele:", "tele :", "tele @", "tele@", "tele/")

# Words of the texts that report on, rule on, or teach about the same subjects: police
# and courts (ranks, charges, procedure), laws and decrees, bank supervision, health.
# Spam pages do not use them; news about a gambling ring uses many.
REPORTING_TERMS: Final = (
    # police and courts
    "cong an", "canh sat", "trinh sat", "bo cong an", "bat giu", "bat qua tang", "tam giu", "tam giam", "khoi to",
    "bi can", "bi cao", "toa an", "xet xu", "phien toa", "hoi dong xet xu", "tuyen phat", "phat tu", "muc an",
    "an treo", "vien kiem sat", "co quan dieu tra", "dieu tra", "triet pha", "duong day", "doi tuong", "vu an",
    "tang vat", "thu giu", "danh bac", "to chuc danh bac", "ga bac", "song bac", "hinh su", "toi danh", "thuong ta",
    "dai uy", "trung ta", "thieu ta", "dai ta",
    # law and regulation
    "bo luat hinh su", "nghi dinh", "thong tu", "quy dinh", "theo quy dinh", "xu phat", "vi pham", "hanh chinh",
    "co quan chuc nang", "quan ly nha nuoc", "giay chung nhan du dieu kien",
    # reporting
    "cho biet", "theo nguon tin", "phong vien", "ghi nhan", "thong tin tu", "cung ngay",
    # banks and credit supervision
    "ngan hang nha nuoc", "tin dung den", "lai suat cat co", "doi no", "cong ty tai chinh",
    # health and education
    "bac si", "benh vien", "nghien cuu", "suc khoe", "giao duc gioi tinh", "benh lay truyen", "tre vi thanh nien",
    "phu huynh", "chuyen gia tam ly",
)  # fmt: skip

# Markers of a keyword list appended for search engines.
KEYWORD_LIST_MARKERS: Final = (
    "tu khoa", "tu khoa lien quan", "tu khoa tim kiem", "tags", "keywords", "keyword", "tim kiem lien quan",
    "tim kiem nhieu nhat", "cum tu khoa",
)  # fmt: skip
