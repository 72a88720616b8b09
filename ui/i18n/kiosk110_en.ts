<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CallScreen</name>
    <message>
        <source>Calling %1…</source>
        <translation>Calling %1…</translation>
    </message>
    <message>
        <source>Ringing %1…</source>
        <translation>Ringing %1…</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Connected to %1</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Call ended</translation>
    </message>
    <message>
        <source>Lift the handset to call 110</source>
        <translation>Lift the handset to call 110</translation>
    </message>
    <message>
        <source>You ended the call.</source>
        <translation>You ended the call.</translation>
    </message>
    <message>
        <source>The operator ended the call.</source>
        <translation>The operator ended the call.</translation>
    </message>
    <message>
        <source>The emergency line was busy.</source>
        <translation>The emergency line was busy.</translation>
    </message>
    <message>
        <source>The call could not be connected.</source>
        <translation>The call could not be connected.</translation>
    </message>
    <message>
        <source>Nobody answered.</source>
        <translation>Nobody answered.</translation>
    </message>
    <message>
        <source>There is no mobile network here.</source>
        <translation>There is no mobile network here.</translation>
    </message>
    <message>
        <source>The telephone has a fault.</source>
        <translation>The telephone has a fault.</translation>
    </message>
    <message>
        <source>The telephone is not responding.</source>
        <translation>The telephone is not responding.</translation>
    </message>
    <message>
        <source>The telephone is disconnected.</source>
        <translation>The telephone is disconnected.</translation>
    </message>
    <message>
        <source>This kiosk has no telephone line.</source>
        <translation>This kiosk has no telephone line.</translation>
    </message>
    <message>
        <source>The call reached its time limit.</source>
        <translation>The call reached its time limit.</translation>
    </message>
    <message>
        <source>Lift the handset or touch Call again to try again. You can also make a written report.</source>
        <translation>Lift the handset or touch Call again to try again. You can also make a written report.</translation>
    </message>
    <message>
        <source>%1 is busy or unreachable — now trying %2.</source>
        <translation>%1 is busy or unreachable — now trying %2.</translation>
    </message>
    <message>
        <source>Lift the handset and speak.</source>
        <translation>Lift the handset and speak.</translation>
    </message>
    <message>
        <source>Speak into the handset.</source>
        <translation>Speak into the handset.</translation>
    </message>
    <message>
        <source>Call time</source>
        <translation>Call time</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>Emergency call</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>End call</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>Call again</translation>
    </message>
</context>
<context>
    <name>CategoryScreen</name>
    <message>
        <source>What do you want to report?</source>
        <translation>What do you want to report?</translation>
    </message>
</context>
<context>
    <name>ContactScreen</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>NIK (KTP number)</source>
        <translation>NIK (KTP number)</translation>
    </message>
    <message>
        <source>Your contact details (optional)</source>
        <translation>Your contact details (optional)</translation>
    </message>
    <message>
        <source>So the police can contact you. You may leave these empty and touch Next.</source>
        <translation>So the police can contact you. You may leave these empty and touch Next.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Your name and phone number are optional. Touch Next to continue.</source>
        <translation>Your name and phone number are optional. Touch Next to continue.</translation>
    </message>
</context>
<context>
    <name>DescribeScreen</name>
    <message>
        <source>Please write a few words about what happened.</source>
        <translation>Please write a few words about what happened.</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>What happened?</translation>
    </message>
    <message>
        <source>Write here, for example: my bag was taken on the platform</source>
        <translation>Write here, for example: my bag was taken on the platform</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Report: %1</source>
        <translation>Report: %1</translation>
    </message>
    <message>
        <source>Write what happened, then touch Next.</source>
        <translation>Write what happened, then touch Next.</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>it is out of paper</source>
        <translation>it is out of paper</translation>
    </message>
    <message>
        <source>its cover is open</source>
        <translation>its cover is open</translation>
    </message>
    <message>
        <source>there is no printer</source>
        <translation>there is no printer</translation>
    </message>
    <message>
        <source>it is not responding</source>
        <translation>it is not responding</translation>
    </message>
    <message>
        <source>Take your ticket from the printer below.</source>
        <translation>Take your ticket from the printer below.</translation>
    </message>
    <message>
        <source>The ticket could not be printed (%1). Please write down your code or take a photo of it. Your report is safe.</source>
        <translation>The ticket could not be printed (%1). Please write down your code or take a photo of it. Your report is safe.</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Your report could not be saved</source>
        <translation>Your report could not be saved</translation>
    </message>
    <message>
        <source>Sorry, this kiosk could not store your report. Please lift the handset to call 110 now, or tell the station staff.</source>
        <translation>Sorry, this kiosk could not store your report. Please lift the handset to call 110 now, or tell the station staff.</translation>
    </message>
    <message>
        <source>Saving your report…</source>
        <translation>Saving your report…</translation>
    </message>
    <message>
        <source>Your report has been received</source>
        <translation>Your report has been received</translation>
    </message>
    <message>
        <source>Your ticket code:</source>
        <translation>Your ticket code:</translation>
    </message>
    <message>
        <source>Ticket code %1</source>
        <translation>Ticket code %1</translation>
    </message>
    <message>
        <source>An operator has received your report.</source>
        <translation>An operator has received your report.</translation>
    </message>
    <message>
        <source>What happens next: the report goes to the 110 command centre. Keep your code; the police may contact you. In danger now? Lift the handset and call 110.</source>
        <translation>What happens next: the report goes to the 110 command centre. Keep your code; the police may contact you. In danger now? Lift the handset and call 110.</translation>
    </message>
    <message>
        <source>Next steps: block your SIM card with your mobile operator and your bank cards with your bank now. Take this code to a police station for a loss certificate (Surat Keterangan Kehilangan).</source>
        <translation>Next steps: block your SIM card with your mobile operator and your bank cards with your bank now. Take this code to a police station for a loss certificate (Surat Keterangan Kehilangan).</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Call 110</source>
        <translation>Call 110</translation>
    </message>
    <message>
        <source>Your report could not be saved. Please lift the handset to call 110.</source>
        <translation>Your report could not be saved. Please lift the handset to call 110.</translation>
    </message>
    <message>
        <source>Your report has been received. Your ticket code is %1.</source>
        <translation>Your report has been received. Your ticket code is %1.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>110 is the police emergency number: crime, accidents, fire, disasters, or when you feel unsafe. Free of charge.</source>
        <translation>110 is the police emergency number: crime, accidents, fire, disasters, or when you feel unsafe. Free of charge.</translation>
    </message>
    <message>
        <source>Phone stolen? Lift the handset and call 110, or make a written report and take a ticket.</source>
        <translation>Phone stolen? Lift the handset and call 110, or make a written report and take a ticket.</translation>
    </message>
    <message>
        <source>Prank calls are recorded and traced. They keep help from people who need it.</source>
        <translation>Prank calls are recorded and traced. They keep help from people who need it.</translation>
    </message>
    <message numerus="yes">
        <source>Keep holding… %n%</source>
        <translation>
            <numerusform>Keep holding… %n%</numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Back to the call</source>
        <translation>Back to the call</translation>
    </message>
    <message>
        <source>Call 110
(hold 2 seconds)</source>
        <translation>Call 110
(hold 2 seconds)</translation>
    </message>
    <message>
        <source>Hold the button for 2 seconds to call</source>
        <translation>Hold the button for 2 seconds to call</translation>
    </message>
    <message>
        <source>Call 110</source>
        <translation>Call 110</translation>
    </message>
    <message>
        <source>Call the police now</source>
        <translation>Call the police now</translation>
    </message>
    <message>
        <source>Police emergency help</source>
        <translation>Police emergency help</translation>
    </message>
    <message>
        <source>Make a report</source>
        <translation>Make a report</translation>
    </message>
    <message>
        <source>Write a report and get a ticket</source>
        <translation>Write a report and get a ticket</translation>
    </message>
    <message>
        <source>Voice guidance: on</source>
        <translation>Voice guidance: on</translation>
    </message>
    <message>
        <source>Voice guidance: off</source>
        <translation>Voice guidance: off</translation>
    </message>
    <message>
        <source>Larger text: on</source>
        <translation>Larger text: on</translation>
    </message>
    <message>
        <source>Larger text: off</source>
        <translation>Larger text: off</translation>
    </message>
    <message>
        <source>⚠ Several calls were ended at once. Prank calls are recorded and traced. Hold the button for 2 seconds to call, or lift the handset.</source>
        <translation>⚠ Several calls were ended at once. Prank calls are recorded and traced. Hold the button for 2 seconds to call, or lift the handset.</translation>
    </message>
    <message>
        <source>Lift the handset to call 110, or touch Make a report.</source>
        <translation>Lift the handset to call 110, or touch Make a report.</translation>
    </message>
</context>
<context>
    <name>Identity</name>
    <message>
        <source>must be exactly 16 digits</source>
        <translation>must be exactly 16 digits</translation>
    </message>
    <message>
        <source>the first two digits are not an Indonesian province code</source>
        <translation>the first two digits are not an Indonesian province code</translation>
    </message>
    <message>
        <source>the regency and district digits (3-6) must not be 00</source>
        <translation>the regency and district digits (3-6) must not be 00</translation>
    </message>
    <message>
        <source>digits 9-10 are not a birth month</source>
        <translation>digits 9-10 are not a birth month</translation>
    </message>
    <message>
        <source>digits 7-8 are not a valid day of birth</source>
        <translation>digits 7-8 are not a valid day of birth</translation>
    </message>
    <message>
        <source>the last four digits must not be 0000</source>
        <translation>the last four digits must not be 0000</translation>
    </message>
    <message>
        <source>must be an Indonesian number such as 0812 3456 7890 or +62 21 1234 5678</source>
        <translation>must be an Indonesian number such as 0812 3456 7890 or +62 21 1234 5678</translation>
    </message>
    <message>
        <source>must be at most 100 characters</source>
        <translation>must be at most 100 characters</translation>
    </message>
    <message>
        <source>contains characters that cannot be printed</source>
        <translation>contains characters that cannot be printed</translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Numbers and symbols</source>
        <translation>Numbers and symbols</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>Letters</translation>
    </message>
</context>
<context>
    <name>LostItemsScreen</name>
    <message>
        <source>chosen</source>
        <translation>chosen</translation>
    </message>
    <message>
        <source>not chosen</source>
        <translation>not chosen</translation>
    </message>
    <message>
        <source>Please choose at least one thing you lost.</source>
        <translation>Please choose at least one thing you lost.</translation>
    </message>
    <message>
        <source>What did you lose?</source>
        <translation>What did you lose?</translation>
    </message>
    <message>
        <source>Touch everything you lost. You can choose more than one.</source>
        <translation>Touch everything you lost. You can choose more than one.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Touch everything you lost, then touch Next.</source>
        <translation>Touch everything you lost, then touch Next.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Here, at %1</source>
        <translation>Here, at %1</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>NIK ending %1</source>
        <translation>NIK ending %1</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>none (anonymous)</source>
        <translation>none (anonymous)</translation>
    </message>
    <message>
        <source>Check your report</source>
        <translation>Check your report</translation>
    </message>
    <message>
        <source>Touch Back to change something. Touch Send when it is right.</source>
        <translation>Touch Back to change something. Touch Send when it is right.</translation>
    </message>
    <message>
        <source>Send report</source>
        <translation>Send report</translation>
    </message>
    <message>
        <source>Check your report, then touch Send report.</source>
        <translation>Check your report, then touch Send report.</translation>
    </message>
</context>
<context>
    <name>ScreenBase</name>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Go to the previous step</source>
        <translation>Go to the previous step</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Start again; what you entered is deleted</source>
        <translation>Start again; what you entered is deleted</translation>
    </message>
</context>
<context>
    <name>StillThere</name>
    <message>
        <source>Still there?</source>
        <translation>Still there?</translation>
    </message>
    <message>
        <source>Touch the screen to continue. Otherwise everything you entered will be deleted.</source>
        <translation>Touch the screen to continue. Otherwise everything you entered will be deleted.</translation>
    </message>
    <message>
        <source>Yes, continue</source>
        <translation>Yes, continue</translation>
    </message>
</context>
<context>
    <name>WhereWhenScreen</name>
    <message>
        <source>Please write where it happened, or choose this station.</source>
        <translation>Please write where it happened, or choose this station.</translation>
    </message>
    <message>
        <source>Now / just now</source>
        <translation>Now / just now</translation>
    </message>
    <message>
        <source>About 30 minutes ago</source>
        <translation>About 30 minutes ago</translation>
    </message>
    <message>
        <source>About 2 hours ago</source>
        <translation>About 2 hours ago</translation>
    </message>
    <message>
        <source>About 6 hours ago</source>
        <translation>About 6 hours ago</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Yesterday</translation>
    </message>
    <message>
        <source>Where and when?</source>
        <translation>Where and when?</translation>
    </message>
    <message>
        <source>Where did it happen?</source>
        <translation>Where did it happen?</translation>
    </message>
    <message>
        <source>Here, at %1</source>
        <translation>Here, at %1</translation>
    </message>
    <message>
        <source>Somewhere else</source>
        <translation>Somewhere else</translation>
    </message>
    <message>
        <source>Place, e.g. the train to Lebak Bulus</source>
        <translation>Place, e.g. the train to Lebak Bulus</translation>
    </message>
    <message>
        <source>Where it happened</source>
        <translation>Where it happened</translation>
    </message>
    <message>
        <source>When did it happen?</source>
        <translation>When did it happen?</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Where and when did it happen? Then touch Next.</source>
        <translation>Where and when did it happen? Then touch Next.</translation>
    </message>
</context>
</TS>
